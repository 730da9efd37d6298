package whatsapp

import "testing"

func TestSendableImage_OnlyAbsoluteJPEGOrPNG(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://cdn.shopify.com/s/files/1/boot.jpg": true,
		"http://shop.example.com/img/boot.png":       true,
		"/demo/images/boot.svg":                      false,
		"https://shop.example.com/demo/images/x.svg": false,
		"":                        false,
		"ftp://example.com/a.jpg": false,
	} {
		if got := sendableImage(raw); got != want {
			t.Errorf("sendableImage(%q) = %v, want %v", raw, got, want)
		}
	}
}
