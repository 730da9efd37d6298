package knowledge

import "testing"

// Shoppers' questions are outside input: any text must rank without panic,
// with scores and coverage that make sense.
func FuzzSearch(f *testing.F) {
	ix := demoIndex(f)
	for _, s := range []string{"hoe lang duurt de levering", "退货政策是什么", "որքա՞ն", "", "s s s", "\xff\xfe", "ｐａｙｐａｌ"} {
		f.Add("en", s)
		f.Add("zh", s)
		f.Add("hy", s)
	}
	f.Fuzz(func(t *testing.T, lang, q string) {
		for _, h := range ix.Search(lang, q, []string{"payment"}) {
			if h.Score <= 0 || h.Coverage < 0 || h.Coverage > 1 {
				t.Fatalf("%q: hit %+v", q, h)
			}
		}
	})
}
