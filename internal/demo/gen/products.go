package main

// def is one hand-written product. Fields are positional to keep the list
// readable as a table: type, title, vendor, audience, price, compare-at price
// ("" when not on sale), colours (comma-separated), material, fit ("" for
// one-size goods), a selling sentence, and extra search tags.
type def struct {
	typ, name, brand, aud, price, was, colors, material, fit, pitch, tags string
}

// soldOut lists products sold out in every variant, so the demo shows how the
// assistant handles "none left" and back-in-stock requests.
var soldOut = map[string]bool{
	"Summit Line Alpine Boot":       true,
	"Glacier Expedition Down Parka": true,
	"Velocity SG Football Boot":     true,
	"Northsea Long-Sleeve Swimsuit": true,
	"Cashmere Blanket Scarf":        true,
}

var products = []def{
	// Running Shoes
	{"Running Shoes", "Aurora Trail Runner", "Lumen Run", "unisex", "129.95", "", "Black,Orange,Teal", "a recycled mesh upper on a lugged rubber outsole", "true to size", "Grippy 5 mm lugs and a flexible rock plate keep you steady on muddy singletrack.", "trail,breathable,recycled,running"},
	{"Running Shoes", "Pulse Road Racer", "Lumen Run", "unisex", "149.00", "", "White,Red", "an engineered knit upper over a nitrogen-infused foam midsole", "runs small", "A carbon-fibre plate and springy foam make this our fastest shoe for race day.", "road,racing,lightweight,running"},
	{"Running Shoes", "Driftwood Daily Trainer", "Lumen Run", "men", "99.95", "119.95", "Navy,Grey,Black", "breathable mesh with a cushioned EVA midsole", "true to size", "Soft and forgiving for easy kilometres, with reflective heel tabs for dark mornings.", "road,reflective,breathable,running"},
	{"Running Shoes", "Sprint Nova", "Lumen Run", "women", "119.00", "", "Pink,White,Purple", "a lightweight knit upper with a responsive foam midsole", "true to size", "A snug, sock-like collar and a rockered sole roll you smoothly into every stride.", "road,lightweight,running"},
	{"Running Shoes", "Ridgeback Waterproof Trail Shoe", "Fjellvind", "men", "159.00", "", "Olive,Black", "a ripstop upper over a waterproof, breathable membrane bootie", "runs small", "Keeps your feet dry through puddles, bogs and wet grass on long trail days.", "trail,waterproof,running"},
	{"Running Shoes", "Little Comet Junior Runner", "Lumen Run", "kids", "59.95", "", "Blue,Pink", "a durable mesh upper with a non-marking rubber sole", "runs large", "A hook-and-loop strap over the laces gets young runners out of the door quickly.", "school,running"},
	{"Running Shoes", "Cloudline Recovery Runner", "Noordkaap", "unisex", "89.95", "109.95", "Beige,Grey", "a recycled knit upper on a thick, soft foam sole", "true to size", "Made for slow recovery runs and long shifts on your feet.", "cushioned,recycled,running"},

	// Sneakers
	{"Sneakers", "Canal Street Low", "Tidelark", "unisex", "89.95", "", "White,Black,Off-White", "full-grain leather with a stitched rubber cupsole", "true to size", "A clean court shape that goes with jeans, chinos or a summer dress.", "leather,everyday,classic"},
	{"Sneakers", "Lantern High Top", "Tidelark", "unisex", "99.95", "", "Burgundy,Black,Navy", "heavy cotton canvas with a padded ankle collar", "runs large", "A proper high top with a thick rubber toe cap and contrast stitching.", "canvas,streetwear"},
	{"Sneakers", "Tramline Suede Runner", "Tidelark", "men", "109.00", "129.00", "Grey,Navy,Green", "suede overlays on a nylon base with a gum rubber outsole", "true to size", "Seventies running lines with a modern, softer footbed.", "suede,retro"},
	{"Sneakers", "Dune Platform Sneaker", "Tidelark", "women", "94.95", "", "White,Beige,Pink", "smooth leather on a stacked rubber platform", "runs small", "A 4 cm platform adds height without giving up comfort.", "leather,platform"},
	{"Sneakers", "Harbour Slip-On", "Harbour Row", "unisex", "64.95", "", "Navy,White,Khaki", "washed cotton canvas with elastic side gussets", "true to size", "No laces and no fuss: slip them on for a walk along the harbour.", "canvas,summer,slip-on"},
	{"Sneakers", "Pixel Kids Sneaker", "Tidelark", "kids", "49.95", "", "Yellow,Blue,Red", "a wipe-clean synthetic upper with a light rubber sole", "runs large", "Bright panels and a hook-and-loop strap make mornings easier.", "school,easy-on"},
	{"Sneakers", "Ember Vegan Court", "Noordkaap", "unisex", "84.95", "", "Off-White,Olive", "apple-based vegan leather with a recycled rubber sole", "true to size", "The cork footbed moulds to your foot over the first weeks of wear.", "vegan,recycled,gift"},

	// Hiking Boots
	{"Hiking Boots", "Granite Peak Mid", "Granite & Pine", "men", "179.00", "", "Brown,Grey", "nubuck leather with a waterproof, breathable membrane", "true to size", "Stiff enough for rocky scrambles yet comfortable from the very first hike.", "waterproof,trail,leather,hiking"},
	{"Hiking Boots", "Moss Ridge Hiker", "Granite & Pine", "women", "159.00", "189.00", "Olive,Grey,Burgundy", "suede and recycled mesh over a waterproof lining", "runs small", "A lighter boot for day hikes, with a heel lock that keeps blisters away.", "waterproof,recycled,hiking"},
	{"Hiking Boots", "Polar Night Winter Boot", "Fjellvind", "unisex", "199.00", "", "Black,Brown", "waterproof leather lined with 200 g synthetic insulation", "runs small", "Warm down to minus 25 °C, with a cold-grip outsole for icy pavements.", "winter,waterproof,insulated,snow"},
	{"Hiking Boots", "Heather Trek Boot", "Granite & Pine", "unisex", "139.95", "", "Khaki,Brown", "split suede with a padded textile collar", "true to size", "A classic lace-to-toe boot for moorland walks and forest tracks.", "trail,hiking"},
	{"Hiking Boots", "Stoneway Junior Boot", "Granite & Pine", "kids", "79.95", "", "Navy,Red", "a tough synthetic upper with a waterproof lining", "runs large", "Quick laces and a waterproof lining for puddle jumping on school trips.", "waterproof,school,hiking"},
	{"Hiking Boots", "Summit Line Alpine Boot", "Fjellvind", "men", "249.00", "", "Orange,Black", "full-grain leather with a crampon-compatible heel welt", "runs small", "A stiff mountaineering boot for glacier tours and via ferrata routes.", "alpine,waterproof,mountaineering"},

	// Football Boots
	{"Football Boots", "Striker FG Elite", "Kestrel Athletic", "men", "189.00", "", "Yellow,Black", "a thin synthetic upper on a firm-ground stud plate", "runs small", "A featherlight boot with a textured strike zone for clean, hard shots.", "football,firm-ground,lightweight"},
	{"Football Boots", "Volley AG Pro", "Kestrel Athletic", "unisex", "129.95", "149.95", "White,Blue", "a knitted upper with conical studs made for artificial grass", "true to size", "Short, round studs turn easily on 3G pitches and spare your knees.", "football,artificial-grass"},
	{"Football Boots", "Kickoff Junior FG", "Kestrel Athletic", "kids", "44.95", "", "Red,Blue,Green", "a soft synthetic upper with moulded studs", "runs large", "A forgiving first boot for club training and Saturday matches.", "football,school"},
	{"Football Boots", "Cage Turf Trainer", "Kestrel Athletic", "unisex", "69.95", "", "Black,Orange", "a synthetic upper on a rubber sole with small pimples", "true to size", "Built for five-a-side on turf and hard indoor floors.", "football,turf,indoor"},
	{"Football Boots", "Heritage Calf Leather FG", "Kestrel Athletic", "men", "139.00", "", "Black", "soft calf leather with a long fold-over tongue", "true to size", "An old-school leather boot that shapes itself to your foot.", "football,leather,classic"},
	{"Football Boots", "Velocity SG Football Boot", "Kestrel Athletic", "men", "159.00", "", "Teal,White", "a synthetic upper with screw-in metal and moulded studs", "runs small", "Extra bite for soft, wet pitches in the autumn rain.", "football,soft-ground"},

	// Sandals
	{"Sandals", "Kustpad Trek Sandal", "Fjellvind", "unisex", "69.95", "", "Black,Olive,Grey", "quick-dry recycled webbing on a contoured rubber sole", "true to size", "Three adjustable straps hold your foot in place on riverbanks and beach walks.", "summer,trail,recycled,quick-dry"},
	{"Sandals", "Lagoon Slide", "Selkie", "unisex", "29.95", "", "Black,White,Teal", "one piece of soft, closed-cell EVA foam", "runs large", "Pool, shower or beach: it rinses clean and floats if you drop it.", "summer,pool,beach"},
	{"Sandals", "Terracotta Leather Sandal", "Harbour Row", "women", "79.95", "", "Brown,Beige", "vegetable-tanned leather straps on a leather-covered footbed", "true to size", "A slim two-strap sandal that darkens beautifully with wear.", "leather,summer"},
	{"Sandals", "Riverstone Hiking Sandal", "Granite & Pine", "men", "89.95", "99.95", "Brown,Khaki", "padded nylon straps on a grippy rubber outsole", "true to size", "A closed toe bumper protects you on rocky river crossings.", "hiking,summer,water"},
	{"Sandals", "Coral Kids Sandal", "Selkie", "kids", "34.95", "", "Pink,Blue,Yellow", "soft synthetic straps on a light EVA sole", "runs large", "Water-friendly and quick to fasten, ready for rock pools and sandcastles.", "summer,beach,water"},
	{"Sandals", "Saltmarsh Cork Sandal", "Noordkaap", "unisex", "59.95", "", "Beige,Black", "suede straps on a natural cork and latex footbed", "runs large", "The contoured cork footbed supports your arch all summer long.", "summer,cork"},

	// Rain Jackets
	{"Rain Jackets", "Fjord Shell Rain Jacket", "Fjellvind", "unisex", "219.00", "", "Navy,Yellow,Black", "three-layer recycled nylon with fully taped seams", "true to size", "Rated 20,000 mm waterproof with pit zips to dump heat on steep climbs.", "waterproof,breathable,recycled,hiking"},
	{"Rain Jackets", "Drizzle Packable Jacket", "Noordkaap", "unisex", "79.95", "", "Red,Navy,Green", "lightweight polyester with a PFC-free water-repellent finish", "relaxed fit", "Packs into its own chest pocket, so it can live in your bag all year.", "packable,water-repellent,travel"},
	{"Rain Jackets", "Harbour Oilskin Coat", "Harbour Row", "men", "169.00", "199.00", "Olive,Brown", "waxed cotton with a corduroy-lined collar", "runs large", "A weatherproof classic that gains character every season.", "waxed,classic,waterproof"},
	{"Rain Jackets", "Monsoon Run Jacket", "Lumen Run", "women", "139.95", "", "Teal,Black,Pink", "a stretchy two-and-a-half-layer waterproof fabric", "slim fit", "Reflective details and a peaked hood keep you seen and dry on rainy runs.", "waterproof,running,reflective"},
	{"Rain Jackets", "Puddle Kids Rain Jacket", "Noordkaap", "kids", "49.95", "", "Yellow,Red,Blue", "PU-coated polyester with welded seams", "regular fit", "A cosy fleece lining and a hood that stays put in the wind.", "waterproof,school"},
	{"Rain Jackets", "Polder Commuter Rain Jacket", "Polder Goods", "unisex", "129.00", "", "Black,Grey,Khaki", "a quiet, matt waterproof polyester with taped seams", "regular fit", "A longer cut covers your lap on the bike, and reflective trim shows in headlights.", "waterproof,cycling,reflective,commute"},

	// Down Jackets
	{"Down Jackets", "Nordlys Down Parka", "Fjellvind", "women", "349.00", "", "Black,Burgundy,Beige", "700-fill responsibly sourced down in a water-resistant shell", "true to size", "Knee-length warmth with a removable faux-fur trim for the darkest months.", "winter,warm,down"},
	{"Down Jackets", "Ember Light Down Jacket", "Fjellvind", "men", "179.00", "219.00", "Navy,Orange,Black", "800-fill down in a ripstop nylon shell", "slim fit", "Weighs under 300 g and packs into its own pocket for trips to the hills.", "winter,packable,lightweight,down"},
	{"Down Jackets", "Snowdrift Hooded Puffer", "Noordkaap", "unisex", "159.00", "", "Olive,Black,Off-White", "recycled down in a recycled polyester shell", "oversized", "A chunky hooded puffer for city winters and cold bus stops.", "winter,recycled,down"},
	{"Down Jackets", "Ice Floe Kids Puffer", "Noordkaap", "kids", "89.95", "", "Pink,Navy,Red", "down fill in a wipe-clean, water-repellent shell", "regular fit", "Elasticated cuffs keep snow out during snowball fights.", "winter,school,down"},
	{"Down Jackets", "Tundra Down Gilet", "Fjellvind", "unisex", "129.00", "", "Black,Olive", "650-fill down in a soft-touch nylon shell", "true to size", "Core warmth without bulky sleeves, perfect for layering under a shell.", "winter,layering,down"},
	{"Down Jackets", "Glacier Expedition Down Parka", "Fjellvind", "unisex", "449.00", "", "Red,Yellow", "850-fill down with a windproof, waterproof shell", "relaxed fit", "Our warmest jacket, made for polar nights and high-altitude base camps.", "winter,expedition,down"},

	// Fleece Jackets
	{"Fleece Jackets", "Heide Grid Fleece", "Fjellvind", "men", "89.95", "", "Grey,Navy,Olive", "grid-back recycled polyester fleece", "slim fit", "Channels in the fabric trap warmth and let sweat escape on the move.", "fleece,recycled,hiking,layering"},
	{"Fleece Jackets", "Cloudberry Sherpa Fleece", "Noordkaap", "women", "99.95", "119.95", "Off-White,Beige,Pink", "high-pile sherpa fleece with nylon trims", "oversized", "Snuggly as a blanket, with deep zip pockets for cold hands.", "fleece,cosy,gift"},
	{"Fleece Jackets", "Trailhead Half-Zip Fleece", "Granite & Pine", "unisex", "69.95", "", "Burgundy,Navy,Green", "a midweight polyester microfleece", "regular fit", "A dependable half-zip for walking, camping and everything in between.", "fleece,hiking"},
	{"Fleece Jackets", "Basecamp Kids Fleece", "Noordkaap", "kids", "39.95", "", "Purple,Teal,Red", "soft anti-pill polyester fleece", "regular fit", "Warm, light and forgiving of muddy playgrounds.", "fleece,school"},
	{"Fleece Jackets", "Windwall Hybrid Fleece", "Fjellvind", "men", "119.00", "", "Black,Teal", "stretch fleece with windproof panels on the chest and shoulders", "slim fit", "Blocks the wind where it hits you and breathes everywhere else.", "fleece,windproof,hiking"},
	{"Fleece Jackets", "Mistral Polar Fleece Jacket", "Noordkaap", "unisex", "54.95", "", "Khaki,Black,Grey", "classic 300-weight polar fleece", "relaxed fit", "A simple full-zip fleece that has you covered from September to May.", "fleece,everyday"},

	// Hoodies
	{"Hoodies", "Lighthouse Logo Hoodie", "Noordkaap", "unisex", "69.95", "", "Grey,Navy,Black,Off-White", "organic cotton fleece, brushed on the inside", "true to size", "Our house hoodie with a small embroidered lighthouse on the chest.", "organic,cotton,gift"},
	{"Hoodies", "Midnight Zip Hoodie", "Tidelark", "unisex", "79.95", "", "Black,Burgundy", "heavyweight cotton with a two-way metal zip", "regular fit", "A clean full-zip hoodie with a double-layer hood.", "cotton,streetwear"},
	{"Hoodies", "Merapi Yoga Hoodie", "Merapi Studio", "women", "74.95", "", "Pink,Purple,Grey", "a soft modal and cotton blend", "relaxed fit", "A cropped, drapey hoodie for before and after class.", "yoga,soft"},
	{"Hoodies", "Ridge Tech Hoodie", "Lumen Run", "men", "89.95", "99.95", "Teal,Black", "brushed-back technical fleece with thumbholes", "slim fit", "Warm enough for winter intervals, with a zipped pocket for your phone.", "running,winter,training"},
	{"Hoodies", "Cub Kids Hoodie", "Tidelark", "kids", "34.95", "", "Yellow,Green,Red", "a cotton and recycled polyester blend", "regular fit", "Little bear ears on the hood and a big front pocket for treasures.", "school,cotton"},
	{"Hoodies", "Anchor Heavyweight Hoodie", "Harbour Row", "men", "99.00", "", "Olive,Brown,Beige", "450 g/m² loopback cotton", "oversized", "A boxy, heavyweight hoodie built to last for years.", "cotton,heavyweight"},

	// T-Shirts
	{"T-Shirts", "Essential Organic Tee", "Noordkaap", "unisex", "24.95", "", "White,Black,Grey,Navy,Olive", "180 g/m² organic cotton jersey", "true to size", "The everyday tee: soft, opaque and cut to keep its shape.", "organic,cotton,basics"},
	{"T-Shirts", "Aero Run Tee", "Lumen Run", "men", "34.95", "", "Orange,Blue,Black", "a quick-dry recycled polyester mesh", "slim fit", "Flat seams and laser-cut vents keep you cool on hot tempo runs.", "running,quick-dry,recycled,breathable"},
	{"T-Shirts", "Frangipani Seamless Tee", "Merapi Studio", "women", "39.95", "", "Pink,White,Teal", "a seamless-knit nylon and elastane blend", "slim fit", "No seams to rub during long yoga flows or spin classes.", "yoga,seamless,training"},
	{"T-Shirts", "Wavebreak Graphic Tee", "Tidelark", "unisex", "29.95", "34.95", "White,Yellow,Navy", "heavy cotton jersey with a water-based print", "relaxed fit", "A hand-drawn wave across the back, printed in the Netherlands.", "cotton,graphic,summer"},
	{"T-Shirts", "Merino Trail Tee", "Fjellvind", "unisex", "59.95", "", "Burgundy,Grey,Teal", "150 g/m² merino wool", "regular fit", "Naturally odour-resistant, so it can go days on a hut-to-hut trek.", "merino,hiking,breathable"},
	{"T-Shirts", "Sprout Kids Tee", "Noordkaap", "kids", "14.95", "", "Yellow,Green,Pink,Blue", "soft organic cotton", "regular fit", "Tough enough for the playground, soft enough for bedtime.", "organic,cotton,school"},
	{"T-Shirts", "Pocket Slub Tee", "Harbour Row", "men", "27.95", "", "Beige,Khaki,Off-White", "textured slub cotton", "relaxed fit", "A relaxed tee with a chest pocket and a lived-in feel from day one.", "cotton,summer"},

	// Polo Shirts
	{"Polo Shirts", "Clubhouse Piqué Polo", "Harbour Row", "men", "49.95", "", "Navy,White,Green,Burgundy", "breathable cotton piqué", "true to size", "A crisp two-button polo with a ribbed collar that stays flat.", "cotton,classic"},
	{"Polo Shirts", "Fairway Performance Polo", "Kestrel Athletic", "men", "54.95", "", "Blue,White,Black", "a stretchy, moisture-wicking polyester", "regular fit", "Built for golf and tennis: it moves with your swing and dries fast.", "golf,tennis,quick-dry"},
	{"Polo Shirts", "Regatta Stripe Polo", "Harbour Row", "unisex", "59.95", "69.95", "Navy,Red", "striped cotton jersey", "relaxed fit", "Nautical stripes that look right on a boat or on a terrace.", "cotton,summer,stripes"},
	{"Polo Shirts", "Courtside Polo", "Kestrel Athletic", "women", "44.95", "", "White,Pink,Teal", "a lightweight, UV-protective polyester", "slim fit", "Fitted for the tennis court, with a hidden placket and UPF 50 protection.", "tennis,uv-protection"},
	{"Polo Shirts", "Riviera Knitted Polo", "Harbour Row", "men", "79.95", "", "Beige,Brown,Off-White", "fine-gauge cotton knit", "regular fit", "A summer knit with an open collar for warm evenings out.", "knit,summer"},
	{"Polo Shirts", "Mini Skipper Kids Polo", "Harbour Row", "kids", "24.95", "", "Navy,Red,Yellow", "soft cotton piqué", "regular fit", "Smart enough for family parties and easy to throw in the wash afterwards.", "cotton,school"},

	// Shirts
	{"Shirts", "Keizer Oxford Shirt", "Harbour Row", "men", "69.95", "", "Blue,White,Pink", "brushed Oxford cotton", "slim fit", "A button-down collar and a curved hem that looks good tucked or untucked.", "cotton,office,classic"},
	{"Shirts", "Linen Breeze Shirt", "Harbour Row", "unisex", "64.95", "79.95", "White,Beige,Olive", "washed European linen", "relaxed fit", "Cool and airy for the hottest days of the year.", "linen,summer"},
	{"Shirts", "Cabin Flannel Shirt", "Granite & Pine", "men", "59.95", "", "Red,Green,Navy", "heavy brushed cotton flannel in a check", "regular fit", "Soft and warm, with two button-down chest pockets.", "flannel,winter,check"},
	{"Shirts", "Chambray Work Shirt", "Tidelark", "unisex", "74.95", "", "Blue,Navy", "rugged cotton chambray", "regular fit", "Triple-stitched seams and snap buttons inspired by old workwear.", "cotton,workwear"},
	{"Shirts", "Marsh Poplin Shirt", "Noordkaap", "women", "54.95", "", "White,Teal,Yellow", "crisp organic cotton poplin", "relaxed fit", "A loose, slightly longer shirt to wear open over a tee or belted.", "organic,cotton"},
	{"Shirts", "Trail Vent Hiking Shirt", "Fjellvind", "men", "79.95", "", "Khaki,Grey,Blue", "a quick-dry nylon with UPF 40 sun protection", "regular fit", "A vented back yoke and roll-up sleeves for hot days on the trail.", "hiking,quick-dry,uv-protection"},

	// Sweaters
	{"Sweaters", "Fisherman Cable Knit", "Harbour Row", "unisex", "119.00", "", "Off-White,Navy,Green", "thick, springy lambswool", "relaxed fit", "Traditional cable patterns knitted to keep out the North Sea wind.", "wool,winter,knit,gift"},
	{"Sweaters", "Lofoten Merino Crew", "Fjellvind", "men", "99.95", "", "Grey,Navy,Burgundy", "extra-fine merino wool", "slim fit", "Thin enough for the office, warm enough for a day in the mountains.", "merino,wool,layering"},
	{"Sweaters", "Cloud Cashmere-Blend V-Neck", "Noordkaap", "women", "129.00", "159.00", "Beige,Pink,Grey", "a cashmere and merino blend", "true to size", "Featherlight and very soft, with a flattering deep V.", "cashmere,gift,soft"},
	{"Sweaters", "Selbu Star Jumper", "Fjellvind", "unisex", "139.00", "", "Red,Navy", "Norwegian wool in a two-colour jacquard", "regular fit", "A Nordic star pattern that is at its best with snow outside.", "wool,winter,nordic,gift"},
	{"Sweaters", "Harbourmaster Roll-Neck", "Harbour Row", "men", "109.00", "", "Black,Olive,Brown", "a chunky wool and recycled nylon blend", "regular fit", "A thick roll-neck that stands in for a scarf on cold walks.", "wool,winter,knit"},
	{"Sweaters", "Acorn Kids Sweater", "Noordkaap", "kids", "39.95", "", "Yellow,Teal,Burgundy", "soft organic cotton knit", "regular fit", "An acorn knitted on the front and no itchy wool in sight.", "cotton,school,knit"},

	// Jeans
	{"Jeans", "Canal Slim Selvedge Jeans", "Tidelark", "men", "119.00", "", "Blue,Black", "13.5 oz Japanese selvedge denim", "slim fit", "They start stiff and fade into a pair that is truly yours.", "denim,selvedge"},
	{"Jeans", "Dijk Straight Raw Denim", "Tidelark", "men", "109.00", "", "Navy", "unwashed 14 oz rigid denim", "runs small", "A straight leg with a mid rise, cut for the long run.", "denim,raw"},
	{"Jeans", "Tulip High-Rise Jeans", "Tidelark", "women", "89.95", "99.95", "Blue,White,Black", "comfort-stretch cotton denim", "true to size", "A high waist and a relaxed tapered leg in the style of the nineties.", "denim,high-rise"},
	{"Jeans", "Skyline Stretch Skinny Jeans", "Noordkaap", "women", "69.95", "", "Black,Grey,Blue", "super-stretch denim with recycled fibres", "slim fit", "Holds its shape all day and recovers after every wash.", "denim,stretch,recycled"},
	{"Jeans", "Dockside Carpenter Jeans", "Harbour Row", "unisex", "99.00", "", "Blue,Beige", "sturdy 12 oz cotton denim", "relaxed fit", "A loose leg, a hammer loop and plenty of pockets.", "denim,workwear"},
	{"Jeans", "Playground Kids Jeans", "Noordkaap", "kids", "34.95", "", "Blue,Navy", "stretch denim with reinforced knees", "regular fit", "An adjustable waistband lets them grow with your child.", "denim,school"},

	// Trousers
	{"Trousers", "Harbour Chino", "Harbour Row", "men", "79.95", "", "Beige,Navy,Olive,Khaki", "garment-dyed cotton twill with a little stretch", "true to size", "A tapered chino that works for the office and the weekend.", "cotton,office"},
	{"Trousers", "Zip-Off Trekker Trousers", "Granite & Pine", "unisex", "89.95", "", "Khaki,Grey,Olive", "a quick-dry stretch nylon", "regular fit", "Zip off the lower legs when the afternoon warms up.", "hiking,convertible,quick-dry"},
	{"Trousers", "Riviera Wide-Leg Trousers", "Harbour Row", "women", "84.95", "99.95", "Off-White,Beige,Black", "a linen and viscose blend", "relaxed fit", "A high waist and a flowing wide leg for summer city days.", "linen,summer"},
	{"Trousers", "Frostbite Softshell Trousers", "Fjellvind", "unisex", "119.00", "", "Black,Navy", "a fleece-backed softshell with a water-repellent face", "regular fit", "Warm and windproof for winter walks and cross-country skiing.", "winter,softshell,water-repellent"},
	{"Trousers", "Polder Commuter Trousers", "Polder Goods", "men", "99.00", "", "Grey,Black", "a four-way stretch twill with a water-repellent finish", "slim fit", "A gusseted crotch and reflective turn-ups for riding to work.", "cycling,commute,reflective"},
	{"Trousers", "Atelier Pleated Trousers", "Noordkaap", "women", "89.95", "", "Burgundy,Navy,Grey", "a soft wool-look recycled polyester", "true to size", "Front pleats and a pressed crease for a sharp, tailored look.", "office,tailored,recycled"},

	// Shorts
	{"Shorts", "Tempo Split Run Shorts", "Lumen Run", "men", "39.95", "", "Black,Blue,Orange", "a featherweight recycled polyester with a brief liner", "true to size", "Split side hems give full freedom of movement at speed.", "running,recycled,summer"},
	{"Shorts", "Boardwalk Chino Shorts", "Harbour Row", "men", "49.95", "", "Beige,Navy,Olive", "cotton twill with a touch of stretch", "regular fit", "A 7-inch chino short for terraces and beach towns.", "cotton,summer"},
	{"Shorts", "Merapi Bike Shorts", "Merapi Studio", "women", "34.95", "", "Black,Purple,Teal", "a squat-proof nylon and elastane knit", "slim fit", "A high, wide waistband that stays put through every pose.", "yoga,training"},
	{"Shorts", "Trail Cargo Shorts", "Granite & Pine", "unisex", "54.95", "64.95", "Khaki,Grey", "ripstop cotton with a stretch waistband", "relaxed fit", "Six pockets for maps, snacks and a phone on summer hikes.", "hiking,summer,cargo"},
	{"Shorts", "Five-a-Side Football Shorts", "Kestrel Athletic", "unisex", "24.95", "", "White,Black,Red", "a light, breathable polyester", "regular fit", "Simple match shorts with an elastic drawcord waist.", "football,team"},
	{"Shorts", "Sandcastle Kids Shorts", "Noordkaap", "kids", "19.95", "", "Blue,Green,Orange", "soft cotton jersey", "regular fit", "Pull-on shorts that survive the beach, the park and the washing machine.", "cotton,summer"},

	// Leggings
	{"Leggings", "Sculpt High-Waist Leggings", "Merapi Studio", "women", "64.95", "", "Black,Burgundy,Navy", "a compressive recycled nylon and elastane", "true to size", "A sculpting high waist and a hidden key pocket at the back.", "yoga,training,recycled"},
	{"Leggings", "Batik Wave Yoga Leggings", "Merapi Studio", "women", "59.95", "", "Teal,Purple", "a buttery-soft brushed polyester", "runs small", "A batik-inspired wave print drawn by our studio in Penang.", "yoga,print"},
	{"Leggings", "Thermal Run Tights", "Lumen Run", "men", "69.95", "", "Black", "a brushed thermal stretch fabric", "slim fit", "Ankle zips and reflective prints for cold, dark winter runs.", "running,winter,reflective"},
	{"Leggings", "Switchback Pocket Tights", "Lumen Run", "women", "74.95", "84.95", "Black,Olive,Grey", "a durable matt stretch fabric", "true to size", "Two thigh pockets hold a phone and gels on long trail runs.", "running,trail"},
	{"Leggings", "Rainbow Kids Leggings", "Merapi Studio", "kids", "19.95", "", "Pink,Purple,Yellow", "soft cotton and elastane jersey", "regular fit", "Stretchy enough for cartwheels and comfortable enough for school.", "school,cotton"},
	{"Leggings", "Merino Base Layer Tights", "Fjellvind", "unisex", "79.95", "", "Black,Grey", "200 g/m² merino wool", "slim fit", "The first layer under ski trousers on the coldest days.", "merino,winter,base-layer"},

	// Track Pants
	{"Track Pants", "Heritage Stripe Track Pants", "Kestrel Athletic", "unisex", "59.95", "", "Navy,Black,Green", "a smooth tricot polyester", "regular fit", "Two stripes down each leg and zipped ankles, just like the old days.", "retro,training"},
	{"Track Pants", "Academy Training Pants", "Kestrel Athletic", "men", "49.95", "", "Black,Grey", "a stretch knit with ventilated panels", "slim fit", "Tapered legs that stay out of the way of the ball.", "football,training"},
	{"Track Pants", "Weekend Tapered Joggers", "Tidelark", "unisex", "54.95", "", "Grey,Olive,Beige", "brushed cotton fleece", "relaxed fit", "Deep pockets and ribbed cuffs for doing nothing in style.", "cotton,loungewear"},
	{"Track Pants", "Relay Kids Track Pants", "Kestrel Athletic", "kids", "29.95", "", "Navy,Red", "a hard-wearing polyester knit", "regular fit", "Reinforced knees for PE class and football practice.", "school,training"},
	{"Track Pants", "Gust Woven Track Pants", "Tidelark", "unisex", "64.95", "74.95", "Teal,Purple,Black", "a rustling woven nylon with a mesh lining", "relaxed fit", "A nineties windbreaker look with popper ankles.", "retro,streetwear"},
	{"Track Pants", "Merapi Flow Track Pants", "Merapi Studio", "women", "57.95", "", "Black,Brown,Pink", "a soft modal jersey", "relaxed fit", "A slight flare and a folded waistband for studio and sofa.", "yoga,loungewear"},

	// Dresses
	{"Dresses", "Bloemen Wrap Dress", "Noordkaap", "women", "89.95", "", "Green,Navy,Red", "a flowing recycled viscose", "true to size", "A true wrap that ties at the waist and flatters every figure.", "recycled,summer,party"},
	{"Dresses", "Match Point Tennis Dress", "Kestrel Athletic", "women", "64.95", "", "White,Pink", "a quick-dry stretch polyester", "slim fit", "Built-in shorts with a ball pocket and a cooling racer back.", "tennis,quick-dry"},
	{"Dresses", "Seabreeze Linen Midi Dress", "Harbour Row", "women", "99.00", "119.00", "Beige,White,Blue", "washed European linen", "relaxed fit", "A loose midi with pockets, made for long lunches by the sea.", "linen,summer"},
	{"Dresses", "Winterlight Knit Dress", "Noordkaap", "women", "109.00", "", "Burgundy,Grey", "a soft merino-blend rib knit", "slim fit", "A warm knitted dress to wear with boots and thick tights.", "knit,winter,wool"},
	{"Dresses", "Daisy Kids Sundress", "Noordkaap", "kids", "29.95", "", "Yellow,Pink", "light cotton poplin", "regular fit", "Embroidered daisies on the pocket and easy buttons at the back.", "cotton,summer"},
	{"Dresses", "Kemboja Active Dress", "Merapi Studio", "women", "69.95", "", "Black,Teal,Purple", "a sweat-wicking stretch jersey", "true to size", "A sporty dress with built-in shorts, from padel to picnic.", "training,summer"},

	// Skirts
	{"Skirts", "Canal Pleated Midi Skirt", "Noordkaap", "women", "64.95", "", "Navy,Olive,Beige", "a fine recycled polyester with permanent pleats", "true to size", "Swishy pleats that keep their shape after every wash.", "recycled,office"},
	{"Skirts", "Boardwalk Denim Mini Skirt", "Tidelark", "women", "49.95", "", "Blue,Black", "rigid cotton denim", "runs small", "A classic five-pocket mini with a frayed hem.", "denim,summer"},
	{"Skirts", "Baseline Tennis Skort", "Kestrel Athletic", "women", "44.95", "", "White,Navy,Pink", "a stretch woven polyester", "true to size", "Shorts underneath, a ball pocket on the hip and pleats that move with you.", "tennis,quick-dry"},
	{"Skirts", "Amstel Wool Pencil Skirt", "Harbour Row", "women", "79.95", "89.95", "Grey,Black,Burgundy", "a wool and recycled polyester flannel", "slim fit", "A lined, knee-length pencil skirt with a back vent.", "wool,office,tailored"},
	{"Skirts", "Trail Skort", "Granite & Pine", "women", "54.95", "", "Khaki,Olive", "a quick-dry ripstop nylon", "regular fit", "Hidden shorts and a zipped pocket for hot summer hikes.", "hiking,quick-dry,summer"},
	{"Skirts", "Ballerina Kids Skirt", "Noordkaap", "kids", "19.95", "", "Pink,Purple", "layers of soft tulle over a cotton lining", "regular fit", "Spins beautifully, and the soft waistband never digs in.", "party,gift"},

	// Sports Bras
	{"Sports Bras", "Summit High-Support Bra", "Lumen Run", "women", "54.95", "", "Black,Navy,White", "a moulded-cup recycled nylon with a wide band", "true to size", "High support for running and jumping, with adjustable straps and a hook back.", "running,high-support,recycled"},
	{"Sports Bras", "Merapi Strappy Yoga Bra", "Merapi Studio", "women", "39.95", "", "Pink,Teal,Purple", "a soft brushed stretch jersey", "true to size", "Light support and a strappy back that looks good in every pose.", "yoga,light-support"},
	{"Sports Bras", "Interval Racerback Bra", "Lumen Run", "women", "44.95", "49.95", "Black,Orange,Grey", "a breathable mesh-backed stretch fabric", "runs small", "Medium support and a racerback that stays put through HIIT sessions.", "training,medium-support"},
	{"Sports Bras", "Still Water Seamless Bra", "Merapi Studio", "women", "34.95", "", "Beige,Black,Off-White", "a seamless nylon knit", "true to size", "So smooth it disappears under a tee, for yoga, pilates and rest days.", "yoga,seamless,light-support"},
	{"Sports Bras", "Anchor Zip-Front Sports Bra", "Kestrel Athletic", "women", "49.95", "", "Black,Burgundy", "a supportive power-mesh fabric", "true to size", "A front zip makes it easy to get on and off after training.", "training,high-support"},
	{"Sports Bras", "Kelp Longline Bra", "Merapi Studio", "women", "44.95", "", "Olive,Teal", "recycled nylon made from fishing nets", "true to size", "A longline cut that doubles as a crop top.", "yoga,recycled,medium-support"},

	// Swimwear
	{"Swimwear", "Harbour Seal Swimsuit", "Selkie", "women", "59.95", "", "Black,Navy,Red", "chlorine-resistant recycled polyamide", "true to size", "A classic scoop-back suit for lengths in the pool.", "swim,pool,recycled"},
	{"Swimwear", "Tidepool Swim Shorts", "Selkie", "men", "39.95", "", "Blue,Teal,Orange,Yellow", "quick-dry recycled polyester", "true to size", "A mesh lining and a zipped back pocket for your locker key.", "swim,beach,quick-dry,summer"},
	{"Swimwear", "Coral Reef Bikini", "Selkie", "women", "54.95", "64.95", "Pink,Teal,Orange", "a textured recycled nylon", "runs small", "A supportive top with tie straps and a mid-rise bottom.", "swim,beach,summer"},
	{"Swimwear", "Lane Four Jammer", "Selkie", "men", "34.95", "", "Black,Navy", "a compressive chlorine-resistant fabric", "slim fit", "Knee-length racing shorts for training sets and club galas.", "swim,racing,pool"},
	{"Swimwear", "Little Tern Kids Rash Guard", "Selkie", "kids", "29.95", "", "Blue,Pink,Yellow", "a UPF 50+ stretch fabric", "regular fit", "Long sleeves block the sun so children can stay in the water longer.", "swim,uv-protection,beach"},
	{"Swimwear", "Northsea Long-Sleeve Swimsuit", "Selkie", "women", "89.95", "", "Black,Teal", "a thick, warm neoprene-like knit", "true to size", "Extra warmth for wild swimming in cold lakes and the North Sea.", "swim,cold-water,open-water"},

	// Socks
	{"Socks", "Merino Hiking Socks", "Granite & Pine", "unisex", "19.95", "", "Grey,Olive,Burgundy", "merino wool with nylon for strength", "true to size", "A cushioned sole and reinforced heel for blister-free kilometres.", "merino,hiking,wool"},
	{"Socks", "Ghost No-Show Run Socks", "Lumen Run", "unisex", "17.95", "", "White,Black", "a thin, breathable recycled polyester", "true to size", "A pack of three that hides below the shoe line and never slips.", "running,recycled,multipack"},
	{"Socks", "Recovery Compression Socks", "Lumen Run", "unisex", "29.95", "", "Black,Teal,Pink", "graduated compression nylon and elastane", "runs small", "Firm compression for faster recovery after long runs and flights.", "running,compression,travel"},
	{"Socks", "Matchday Football Socks", "Kestrel Athletic", "unisex", "12.95", "", "Red,Blue,White,Black,Yellow", "a hard-wearing cotton-rich knit", "true to size", "Long team socks with a padded foot and a cuff that holds shin guards.", "football,team"},
	{"Socks", "Fireside Wool Socks", "Fjellvind", "unisex", "22.95", "27.95", "Red,Beige,Grey", "thick Norwegian wool", "true to size", "Thick, soft and made for cabin evenings by the fire.", "wool,winter,gift,cosy"},
	{"Socks", "Stroopwafel Stripe Socks", "Noordkaap", "unisex", "9.95", "", "Yellow,Navy,Pink,Green", "combed cotton", "true to size", "Cheerful stripes and a sweet name: our favourite stocking filler.", "cotton,gift"},

	// Caps
	{"Caps", "Featherweight Run Cap", "Lumen Run", "unisex", "27.95", "", "Black,White,Orange", "a quick-dry recycled polyester", "", "A soft brim you can fold into a pocket and a sweat-wicking band.", "running,summer,recycled"},
	{"Caps", "Harbour Six-Panel Cap", "Harbour Row", "unisex", "29.95", "", "Navy,Beige,Green", "washed cotton twill", "", "A classic curved brim and an adjustable brass buckle.", "cotton,classic,gift"},
	{"Caps", "Dockside Trucker Cap", "Tidelark", "unisex", "24.95", "", "Black,Burgundy,Khaki", "a cotton front with a mesh back", "", "A snapback trucker with an embroidered wave on the front.", "streetwear,summer"},
	{"Caps", "Desert Legionnaire Cap", "Granite & Pine", "unisex", "34.95", "", "Khaki,Beige", "a UPF 50 ripstop nylon", "", "A detachable neck cape keeps the sun off on long summer hikes.", "hiking,uv-protection,summer"},
	{"Caps", "Little Sailor Kids Cap", "Noordkaap", "kids", "14.95", "", "Red,Blue,Yellow", "soft cotton canvas", "", "Small enough for little heads, with an adjustable strap at the back.", "summer,cotton"},
	{"Caps", "Corduroy Dad Cap", "Noordkaap", "unisex", "27.95", "32.95", "Brown,Olive,Off-White", "fine cotton corduroy", "", "An unstructured cap with a relaxed, broken-in shape.", "corduroy,gift"},

	// Beanies
	{"Beanies", "Lighthouse Cuff Beanie", "Noordkaap", "unisex", "24.95", "", "Yellow,Navy,Grey,Red,Black", "a soft recycled acrylic rib knit", "", "A turned-up cuff and a woven lighthouse label.", "winter,recycled,gift"},
	{"Beanies", "Merino Running Beanie", "Lumen Run", "unisex", "29.95", "", "Black,Orange", "thin merino wool", "", "Warm ears without overheating on winter runs.", "running,merino,winter"},
	{"Beanies", "Aurora Bobble Beanie", "Fjellvind", "unisex", "34.95", "", "Off-White,Pink,Teal", "a wool blend with a fleece headband lining", "", "A big bobble on top and a fleece band that stops the itch.", "winter,wool,ski"},
	{"Beanies", "Trawler Fisherman Beanie", "Harbour Row", "unisex", "27.95", "34.95", "Olive,Burgundy,Navy", "a chunky lambswool rib", "", "Short and snug, worn high above the ears like the harbour crews do.", "wool,winter"},
	{"Beanies", "Snowball Kids Beanie", "Noordkaap", "kids", "16.95", "", "Pink,Blue,Purple", "soft acrylic with a fleece lining", "", "A fluffy pompom and a fleece lining for snow days.", "winter,school"},
	{"Beanies", "Cashmere Rib Beanie", "Noordkaap", "unisex", "69.95", "", "Beige,Grey", "pure cashmere", "", "Light as air and very warm, a gift that lasts for years.", "cashmere,gift,winter"},

	// Backpacks
	{"Backpacks", "Polder Rolltop Backpack 24L", "Polder Goods", "unisex", "99.95", "", "Black,Olive,Yellow", "a waterproof, PVC-free coated polyester", "", "A roll-top closure and welded seams keep a laptop dry in a downpour.", "waterproof,commute,cycling,laptop"},
	{"Backpacks", "Ridgeline Daypack 18L", "Granite & Pine", "unisex", "79.95", "", "Teal,Grey,Red", "recycled ripstop nylon", "", "A ventilated back panel and a hydration sleeve for day hikes.", "hiking,recycled"},
	{"Backpacks", "Grachten Laptop Backpack", "Polder Goods", "unisex", "119.00", "139.00", "Black,Navy", "a water-repellent recycled canvas", "", "A padded 16-inch laptop sleeve and a hidden passport pocket.", "laptop,commute,travel,recycled"},
	{"Backpacks", "Kjerag Trek 45 Backpack", "Fjellvind", "unisex", "189.00", "", "Orange,Black", "tough Cordura nylon on an alloy frame", "", "An adjustable back system and a rain cover for multi-day treks.", "hiking,trekking,rain-cover"},
	{"Backpacks", "Schoolyard Kids Backpack", "Polder Goods", "kids", "34.95", "", "Pink,Blue,Green", "a sturdy recycled polyester", "", "A reflective front and a name label inside for the first day of school.", "school,reflective"},
	{"Backpacks", "Hydra Run Vest 8L", "Lumen Run", "unisex", "89.95", "", "Black", "a stretch mesh with two soft flasks", "", "Bounce-free storage for long runs, with room for a jacket.", "running,trail,hydration"},

	// Gym Bags
	{"Gym Bags", "Locker Room Duffel 40L", "Kestrel Athletic", "unisex", "59.95", "", "Black,Navy,Red", "a water-resistant polyester with a wipe-clean base", "", "A separate vented shoe pocket keeps sweaty kit away from the rest.", "gym,training,travel"},
	{"Gym Bags", "Sprint Drawstring Bag", "Kestrel Athletic", "unisex", "14.95", "", "Black,Yellow,Pink", "a light recycled polyester", "", "Just big enough for trainers, a towel and a bottle.", "gym,school,recycled"},
	{"Gym Bags", "Merapi Yoga Mat Tote", "Merapi Studio", "women", "44.95", "", "Beige,Teal", "heavy organic cotton canvas", "", "Straps on the side hold a rolled yoga mat, and the inside pocket holds the rest.", "yoga,organic,gift"},
	{"Gym Bags", "Harbour Canvas Weekender", "Harbour Row", "unisex", "129.00", "149.00", "Khaki,Navy", "waxed cotton canvas with leather handles", "", "A weekender that works as a gym bag on Monday morning.", "travel,waxed,gift"},
	{"Gym Bags", "Studs Up Boot Bag", "Kestrel Athletic", "unisex", "19.95", "", "Black", "a wipe-clean polyester with air vents", "", "Keeps muddy football boots away from everything else.", "football,gym"},
	{"Gym Bags", "Dry Deck Swim Bag", "Selkie", "unisex", "29.95", "", "Teal,Orange,Grey", "a waterproof welded tarpaulin", "", "A wet compartment for swimsuits and a dry one for everything else.", "swim,waterproof,pool"},

	// Gloves
	{"Gloves", "Nightrun Touchscreen Gloves", "Lumen Run", "unisex", "24.95", "", "Black,Yellow", "a light stretch fleece with touchscreen fingertips", "true to size", "Reflective knuckles and phone-friendly fingertips for dark winter runs.", "running,winter,touchscreen,reflective"},
	{"Gloves", "Powderline Ski Gloves", "Fjellvind", "unisex", "69.95", "", "Black,Red", "a waterproof shell with synthetic insulation and leather palms", "runs small", "Long gauntlet cuffs seal out snow on powder days.", "ski,winter,waterproof,insulated"},
	{"Gloves", "Driver Leather Gloves", "Harbour Row", "men", "59.95", "69.95", "Brown,Black", "soft lambskin leather with a cashmere lining", "slim fit", "Hand-stitched and lined for crisp autumn mornings.", "leather,gift,winter"},
	{"Gloves", "Safe Hands Goalkeeper Gloves", "Kestrel Athletic", "unisex", "39.95", "", "Green,Orange,Black", "a sticky latex palm on a stretch backhand", "true to size", "Finger protection and a grippy palm for confident catches.", "football,goalkeeper"},
	{"Gloves", "Cosy Knit Gloves", "Noordkaap", "unisex", "19.95", "", "Grey,Burgundy,Beige", "a soft recycled wool blend", "regular fit", "Warm everyday gloves with a ribbed cuff.", "winter,recycled,gift"},
	{"Gloves", "Snowflake Kids Mittens", "Noordkaap", "kids", "17.95", "", "Pink,Blue,Red", "a waterproof shell with a fleece lining", "regular fit", "Long cuffs with a toggle keep snow out of little sleeves.", "winter,waterproof,school"},

	// Scarves
	{"Scarves", "Highland Check Scarf", "Harbour Row", "unisex", "49.95", "", "Red,Green,Navy", "brushed lambswool in a tartan check", "", "A generous scarf woven in a mill with two hundred years of history.", "wool,winter,gift"},
	{"Scarves", "Merino Neck Gaiter", "Fjellvind", "unisex", "24.95", "", "Black,Teal,Grey", "fine merino wool jersey", "", "A tube of warmth you can pull up over your nose on the ski lift.", "merino,ski,running,winter"},
	{"Scarves", "Blizzard Chunky Scarf", "Noordkaap", "unisex", "39.95", "", "Off-White,Grey,Burgundy", "a chunky rib knit from recycled yarn", "", "Wrap it twice and forget the wind.", "winter,recycled,knit"},
	{"Scarves", "Batik Silk Scarf", "Merapi Studio", "women", "59.95", "", "Teal,Orange,Purple", "hand-printed silk twill", "", "A batik design printed by hand, one of our most-gifted pieces.", "silk,gift"},
	{"Scarves", "Terrace Supporter Scarf", "Kestrel Athletic", "unisex", "19.95", "", "Red,Blue,Yellow", "a double-knit acrylic", "", "Bold stripes for cold match days in the stands.", "football,winter"},
	{"Scarves", "Cashmere Blanket Scarf", "Noordkaap", "unisex", "119.00", "149.00", "Beige,Grey,Navy", "pure cashmere", "", "Big enough to wear as a shawl on a chilly train ride.", "cashmere,gift,winter"},

	// Belts
	{"Belts", "Heritage Leather Belt", "Harbour Row", "men", "49.95", "", "Brown,Black", "full-grain vegetable-tanned leather with a brass buckle", "true to size", "Five holes to fine-tune the fit, and a screw-fixed buckle so the strap can be replaced.", "leather,classic,gift"},
	{"Belts", "Trail Webbing Belt", "Granite & Pine", "unisex", "24.95", "", "Olive,Black,Orange", "recycled nylon webbing with a low-profile buckle", "true to size", "Light, quick-dry and metal-free, so it can stay on at airport security.", "hiking,travel,recycled"},
	{"Belts", "Braided Stretch Belt", "Harbour Row", "unisex", "34.95", "", "Navy,Brown,Beige", "braided elastic cord with leather tips", "true to size", "The braid lets the prong go anywhere, so the fit is always right.", "summer,stretch"},
	{"Belts", "Race Day Running Belt", "Lumen Run", "unisex", "29.95", "", "Black,Teal", "a soft stretch fabric with race-number toggles", "true to size", "Holds a phone, keys and gels without bouncing.", "running,race"},
	{"Belts", "Reversible Dress Belt", "Noordkaap", "men", "44.95", "54.95", "Black,Brown", "smooth leather, black on one side and brown on the other", "true to size", "Two belts in one: twist the buckle to switch sides.", "leather,office,gift"},
	{"Belts", "Buckle-Up Kids Belt", "Noordkaap", "kids", "14.95", "", "Red,Blue,Green", "cotton webbing with an easy snake buckle", "regular fit", "A buckle small hands can open and close without help.", "school,cotton"},
}
