package app_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// outdoorCSV is a small English catalogue, not the demo's, with similar
// products side by side.
const outdoorCSV = `Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price,Status
merino-socks,Lofoten Merino Wool Hiking Socks,<p>Cushioned for long days.</p>,Fjellgarn,Socks,hiking,Size,M,MS-M,5,19.00,active
cotton-socks,Everyday Cotton Socks 3-Pack,<p>Soft and breathable.</p>,Fjellgarn,Socks,,Size,M,CS-M,5,12.00,active
crossbody,Meridian Leather Crossbody Bag,<p>Compact with an adjustable strap.</p>,Harbor,Bags,leather,Color,Black,CB-BLK,4,79.00,active
backpack,Daypack 20L Backpack,<p>Padded laptop sleeve.</p>,Harbor,Bags,,Color,Green,BP-GRN,4,69.00,active
ankle-boots,Ridge Suede Ankle Boots,<p>Chelsea-style with elastic sides.</p>,Ridge,Boots,,Size,40,AB-40,3,129.00,active
hiking-boots,Summit Waterproof Hiking Boots,<p>Leather uppers and a grippy sole.</p>,Ridge,Boots,waterproof,Size,40,HB-40,3,159.00,active
rain-jacket,Storm Hooded Rain Jacket,<p>Taped seams keep the rain out.</p>,Harbor,Jackets,waterproof,Size,M,RJ-M,6,119.00,active
down-jacket,Alpine Down Jacket,<p>Warm goose down.</p>,Harbor,Jackets,insulated,Size,M,DJ-M,6,189.00,active
`

// Shoppers name products in their own language; the catalogue is English.
func TestShopper_FindsProductsNamedInTheirOwnLanguage(t *testing.T) {
	s := newShop(t, storetest.SQLiteDSN(t), false)
	var imp struct{ Products int }
	if code := s.do("POST", "/api/v1/admin/catalog/import", adminKey, "text/csv", []byte(outdoorCSV), &imp); code != 200 || imp.Products != 8 {
		t.Fatalf("import = %d, %+v", code, imp)
	}
	tests := []struct{ lang, text, want string }{
		{"nb", "jeg ser etter ullsokker", "merino-socks"},
		{"nb", "har dere vanntett jakke?", "rain-jacket"},
		{"nl", "ik zoek een regenjas", "rain-jacket"},
		{"nl", "hebben jullie enkellaarsjes?", "ankle-boots"},
		{"ms", "ada beg galas?", "backpack"},
		{"ms", "saya cari kasut hiking", "hiking-boots"},
		{"zh", "有斜挎包吗", "crossbody"},
		{"zh", "我在找羽绒服", "down-jacket"},
		{"hy", "ունե՞ք կիսաճտքավոր կոշիկներ", "ankle-boots"},
		{"hy", "uneq brdya gulpaner?", "merino-socks"},
		{"en", "do you have wool socks?", "merino-socks"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			id, token := s.startChat(tt.lang)
			var shown []string
			msgs := s.say(id, token, tt.text)
			for _, m := range msgs {
				if m.From == "bot" && m.Type == "products" {
					for _, it := range m.Items {
						shown = append(shown, it.Handle)
					}
					break
				}
			}
			if len(shown) == 0 || shown[0] != tt.want {
				t.Errorf("%q showed %v, want %s first; %+v", tt.text, shown, tt.want, msgs)
			}
		})
	}
}
