package demo

import (
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// colors maps the colour names used in the demo catalogue, as they appear in
// image file names, to the fill drawn for them.
var colors = map[string]string{
	"black":     "#26282b",
	"white":     "#fbfbf9",
	"grey":      "#8d9196",
	"navy":      "#1f2f56",
	"blue":      "#2f6fd0",
	"red":       "#cf3a32",
	"green":     "#2f8a4c",
	"yellow":    "#f2c531",
	"orange":    "#ee7a23",
	"pink":      "#ee8fb6",
	"purple":    "#7a4bb0",
	"brown":     "#7a4e2d",
	"beige":     "#dcc9a6",
	"off-white": "#efe9dc",
	"olive":     "#6b6d34",
	"burgundy":  "#7c1f35",
	"khaki":     "#b3a273",
	"teal":      "#1f8b8b",
}

// Silhouettes are drawn on a 400×400 canvas. {F} is the product colour, {S}
// a darker shade of it for outlines and seams, {D} a colour that stands out
// against {F} for laces, zips and stripes.
const (
	shoeBase = `<ellipse cx="205" cy="298" rx="160" ry="10" fill="#000" opacity=".08"/>
<path d="M58 262 L62 196 Q64 176 84 172 L146 160 Q166 156 176 172 L196 200 Q236 214 292 220 Q344 226 350 262 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M152 178 L172 200 M166 170 L188 194 M180 188 L202 206" stroke="{D}" stroke-width="5" stroke-linecap="round"/>`
	shoeSole = `<path d="M52 262 H356 Q358 288 336 290 H72 Q52 290 52 270 Z" fill="#f7f7f5" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>`

	jacketBody = `<path d="M150 70 L250 70 L322 104 Q338 112 342 130 L366 282 L322 292 L300 176 L300 336 L100 336 L100 176 L78 292 L34 282 L58 130 Q62 112 78 104 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>`
	hood       = `<path d="M146 76 Q142 20 200 18 Q258 20 254 76 Q200 100 146 76 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>`
	standUp    = `<path d="M154 52 H246 L252 76 Q200 96 148 76 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>`
	fullZip    = `<path d="M200 86 V336" stroke="{D}" stroke-width="4"/>`
	sidePocket = `<path d="M118 262 L158 252 M282 262 L242 252" stroke="{S}" stroke-width="4" stroke-linecap="round"/>`

	teeBody = `<path d="M150 70 Q200 100 250 70 L322 100 L356 170 L306 190 L298 170 L300 336 L100 336 L102 170 L94 190 L44 170 L78 100 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>`

	trouserBody = `<path d="M128 60 H272 L294 344 H222 L200 150 L178 344 H106 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M128 84 H272 M200 84 V140" stroke="{S}" stroke-width="4"/>`
)

// shapes draws each product kind. Kinds are named both by the product
// types of the catalogue (running-shoes) and by plain silhouette names
// (shoe), so any caller can ask for a picture of a kind of thing.
var shapes = map[string]string{}

func init() {
	shoe := shoeBase + shoeSole
	runner := shoe + `<path d="M96 240 Q180 206 268 236" fill="none" stroke="{D}" stroke-width="8" stroke-linecap="round" opacity=".85"/>`
	sneaker := shoe + `<path d="M300 222 Q344 228 350 262 H298 Z" fill="{D}" opacity=".35"/>`
	boot := `<ellipse cx="215" cy="302" rx="150" ry="10" fill="#000" opacity=".08"/>
<path d="M88 264 L92 110 Q92 96 106 96 H164 Q176 96 178 110 L182 196 Q236 212 292 220 Q344 228 348 264 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M92 112 H178" stroke="{S}" stroke-width="10"/>
<path d="M150 130 H182 M150 152 H184 M152 174 H188 M164 196 L196 206" stroke="{D}" stroke-width="5" stroke-linecap="round"/>
<path d="M82 262 H354 V284 Q354 292 346 292 H90 Q82 292 82 284 Z" fill="#3a3a3a"/>
<path d="M96 292 v8 h22 v-8 M140 292 v8 h22 v-8 M240 292 v8 h22 v-8 M290 292 v8 h22 v-8" fill="#3a3a3a"/>`
	footballBoot := shoeBase + `<path d="M52 262 H356 Q358 280 340 282 H70 Q52 282 52 270 Z" fill="#3a3a3a"/>
<path d="M84 280 h16 v18 h-16 Z M126 280 h16 v18 h-16 Z M236 280 h16 v18 h-16 Z M280 280 h16 v18 h-16 Z M320 280 h16 v18 h-16 Z" fill="#3a3a3a"/>
<path d="M110 232 L150 214 M130 244 L176 222" stroke="{D}" stroke-width="7" stroke-linecap="round"/>`
	sandal := `<ellipse cx="205" cy="296" rx="160" ry="9" fill="#000" opacity=".08"/>
<path d="M56 266 Q56 248 80 248 H324 Q352 248 352 266 V276 Q352 290 336 290 H72 Q56 290 56 276 Z" fill="#d8c29c" stroke="#8c7654" stroke-width="4"/>
<g fill="none" stroke-linecap="round">
<path d="M120 250 Q140 186 176 186 Q206 188 216 250 M246 250 Q274 196 312 250 M84 250 Q76 204 116 196" stroke="{S}" stroke-width="28"/>
<path d="M120 250 Q140 186 176 186 Q206 188 216 250 M246 250 Q274 196 312 250 M84 250 Q76 204 116 196" stroke="{F}" stroke-width="20"/>
</g>`

	rainJacket := hood + jacketBody + fullZip + sidePocket
	downJacket := standUp + jacketBody + `<path d="M100 130 H300 M100 176 H300 M100 222 H300 M100 268 H300 M100 314 H300 M62 160 L84 166 M316 166 L338 160 M56 210 L82 214 M318 214 L344 210 M50 252 L78 256 M322 256 L350 252" stroke="{S}" stroke-width="3"/>` + fullZip
	fleece := standUp + jacketBody + `<path d="M200 80 V176" stroke="{D}" stroke-width="4"/><path d="M232 120 h40 v34 h-40 Z" fill="none" stroke="{S}" stroke-width="4"/>`
	hoodie := hood + jacketBody + `<path d="M130 252 H270 L286 322 H114 Z" fill="none" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M184 90 V144 M216 90 V144" stroke="{D}" stroke-width="4" stroke-linecap="round"/><path d="M100 318 H300" stroke="{S}" stroke-width="6"/>`
	sweater := jacketBody + `<path d="M154 70 Q200 100 246 70" fill="none" stroke="{S}" stroke-width="10"/>
<path d="M100 316 H300 M38 270 L80 278 M320 278 L362 270" stroke="{S}" stroke-width="8"/>
<path d="M120 150 l12 12 l12 -12 l12 12 l12 -12 l12 12 l12 -12 l12 12 l12 -12 l12 12 l12 -12 l12 12 l12 -12 l12 12 l12 -12" fill="none" stroke="{D}" stroke-width="4"/>`
	shirt := jacketBody + `<path d="M200 94 V336" stroke="{S}" stroke-width="4"/>
<path d="M150 66 L178 112 L200 94 L222 112 L250 66" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<g fill="{D}"><circle cx="210" cy="136" r="5"/><circle cx="210" cy="178" r="5"/><circle cx="210" cy="220" r="5"/><circle cx="210" cy="262" r="5"/><circle cx="210" cy="304" r="5"/></g>`
	tee := teeBody + `<path d="M150 70 Q200 100 250 70" fill="none" stroke="{S}" stroke-width="8"/>`
	polo := teeBody + `<path d="M200 92 V160" stroke="{S}" stroke-width="4"/>
<path d="M152 68 L178 106 L200 90 L222 106 L248 68" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<g fill="{D}"><circle cx="208" cy="118" r="4"/><circle cx="208" cy="144" r="4"/></g>`

	trousers := trouserBody + `<path d="M138 96 Q150 112 170 100 M262 96 Q250 112 230 100" fill="none" stroke="{S}" stroke-width="4"/>`
	jeans := trouserBody + `<path d="M138 96 Q160 124 178 98 M262 96 Q240 124 222 98 M114 330 H176 M224 330 H286" fill="none" stroke="#d9a441" stroke-width="3" stroke-dasharray="6 4"/>`
	trackPants := `<path d="M128 60 H272 L288 320 L292 344 H222 L200 150 L178 344 H108 L112 320 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M128 84 H272" stroke="{S}" stroke-width="8"/><path d="M134 96 L116 318 M266 96 L284 318" stroke="{D}" stroke-width="8"/>
<path d="M110 324 H176 M224 324 H290" stroke="{S}" stroke-width="8"/>`
	leggings := `<path d="M148 60 H252 L264 344 H218 L200 150 L182 344 H136 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/><path d="M148 92 H252" stroke="{S}" stroke-width="6"/>`
	shorts := `<path d="M116 100 H284 L304 254 L216 264 L200 170 L184 264 L96 254 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/><path d="M116 124 H284 M200 124 V168" stroke="{S}" stroke-width="4"/>`
	dress := `<path d="M166 56 H174 Q200 90 226 56 H234 L240 132 Q268 220 306 334 Q200 352 94 334 Q132 220 160 132 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M160 134 Q200 146 240 134" fill="none" stroke="{S}" stroke-width="6"/>`
	skirt := `<path d="M136 116 H264 L314 304 Q200 324 86 304 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M132 96 H268 V124 H132 Z" fill="{F}" stroke="{S}" stroke-width="4"/><path d="M170 126 L150 306 M200 126 V312 M230 126 L250 306" stroke="{S}" stroke-width="3"/>`
	bra := `<path d="M140 64 H164 Q200 124 236 64 H260 L296 152 L302 250 Q200 272 98 250 L104 152 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M100 226 Q200 248 300 226" fill="none" stroke="{D}" stroke-width="10"/>`
	swimwear := `<path d="M148 56 H172 Q200 116 228 56 H252 L262 150 Q274 210 268 262 Q228 280 214 330 H186 Q172 280 132 262 Q126 210 138 150 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M140 176 Q200 204 260 176" fill="none" stroke="{D}" stroke-width="6" opacity=".7"/>`
	sock := `<path d="M164 56 H240 V226 L300 262 Q340 286 324 320 Q310 344 276 338 L196 322 Q164 314 164 276 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M166 58 H238 V96 H166 Z" fill="{S}" opacity=".45"/><path d="M164 276 Q164 314 196 322 L214 300 Q184 290 184 262 Z M300 262 Q340 286 324 320 Q310 344 276 338 Z" fill="{D}" opacity=".35"/>`
	cap := `<path d="M96 236 Q96 118 206 112 Q306 116 314 236 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M296 226 Q368 228 376 252 Q372 262 350 262 L290 250 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M206 112 Q176 170 172 236 M206 112 Q240 170 250 236" fill="none" stroke="{S}" stroke-width="3"/><circle cx="206" cy="110" r="9" fill="{S}"/>`
	beanie := `<circle cx="200" cy="94" r="32" fill="{D}" stroke="{S}" stroke-width="3"/>
<path d="M110 250 Q106 118 200 112 Q294 118 290 250 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<rect x="98" y="232" width="204" height="64" rx="12" fill="{F}" stroke="{S}" stroke-width="4"/>
<path d="M124 238 V290 M150 238 V290 M176 238 V290 M202 238 V290 M228 238 V290 M254 238 V290 M280 238 V290" stroke="{S}" stroke-width="3"/>`
	backpack := `<path d="M172 88 Q200 50 228 88" fill="none" stroke="{S}" stroke-width="10"/>
<rect x="112" y="84" width="176" height="254" rx="48" fill="{F}" stroke="{S}" stroke-width="4"/>
<rect x="140" y="206" width="120" height="104" rx="20" fill="{F}" stroke="{S}" stroke-width="4"/>
<path d="M152 232 H248 M130 130 H270" stroke="{D}" stroke-width="4" stroke-linecap="round"/>`
	bag := `<path d="M150 172 Q150 108 200 108 Q250 108 250 172" fill="none" stroke="{S}" stroke-width="12"/>
<path d="M76 170 Q60 170 60 190 V300 Q60 316 76 316 H324 Q340 316 340 300 V190 Q340 170 324 170 Z" fill="{F}" stroke="{S}" stroke-width="4"/>
<path d="M80 188 H320" stroke="{D}" stroke-width="4"/><path d="M104 170 V316 M296 170 V316" stroke="{S}" stroke-width="4"/>`
	gloves := `<g fill="{F}" stroke="{S}" stroke-width="4">
<rect x="138" y="96" width="34" height="130" rx="17"/><rect x="174" y="76" width="34" height="150" rx="17"/>
<rect x="210" y="84" width="34" height="142" rx="17"/><rect x="246" y="112" width="32" height="114" rx="16"/>
<rect x="96" y="178" width="38" height="104" rx="19" transform="rotate(-35 115 230)"/>
<path d="M136 180 H280 V290 Q280 316 254 316 H162 Q136 316 136 290 Z"/></g>
<rect x="146" y="306" width="124" height="42" rx="8" fill="{S}"/>`
	scarf := `<path d="M130 60 Q200 92 270 60 L278 122 Q200 152 122 122 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M170 128 L208 136 L198 306 L160 302 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M222 132 L258 130 L264 322 L226 322 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<path d="M166 200 L204 204 M164 240 L202 244 M224 210 L260 208 M226 250 L262 248" stroke="{D}" stroke-width="6"/>
<path d="M164 304 v18 M176 305 v18 M188 306 v18 M230 324 v18 M242 324 v18 M254 324 v18" stroke="{S}" stroke-width="3"/>`
	belt := `<rect x="30" y="176" width="300" height="48" rx="6" fill="{F}" stroke="{S}" stroke-width="4"/>
<path d="M330 176 H350 Q372 200 350 224 H330 Z" fill="{F}" stroke="{S}" stroke-width="4" stroke-linejoin="round"/>
<rect x="56" y="162" width="62" height="76" rx="10" fill="none" stroke="#b9b2a4" stroke-width="10"/><path d="M118 200 H150" stroke="#b9b2a4" stroke-width="6"/>
<g fill="{S}"><circle cx="250" cy="200" r="5"/><circle cx="276" cy="200" r="5"/><circle cx="302" cy="200" r="5"/></g>`

	for kind, svg := range map[string]string{
		"shoe": sneaker, "running-shoes": runner, "sneakers": sneaker,
		"boot": boot, "hiking-boots": boot, "football-boots": footballBoot,
		"sandal": sandal, "sandals": sandal,
		"jacket": rainJacket, "rain-jackets": rainJacket, "down-jackets": downJacket, "fleece-jackets": fleece,
		"hoodie": hoodie, "hoodies": hoodie, "sweater": sweater, "sweaters": sweater,
		"t-shirt": tee, "t-shirts": tee, "polo-shirts": polo, "shirt": shirt, "shirts": shirt,
		"trousers": trousers, "jeans": jeans, "track-pants": trackPants, "shorts": shorts,
		"leggings": leggings, "dress": dress, "dresses": dress, "skirt": skirt, "skirts": skirt,
		"bra": bra, "sports-bras": bra, "swimwear": swimwear, "sock": sock, "socks": sock,
		"cap": cap, "caps": cap, "beanie": beanie, "beanies": beanie,
		"backpack": backpack, "backpacks": backpack, "bag": bag, "gym-bags": bag,
		"gloves": gloves, "scarf": scarf, "scarves": scarf, "belt": belt, "belts": belt,
	} {
		shapes[kind] = svg
	}
}

// Images serves placeholder product pictures named <kind>-<colour>.svg, such
// as running-shoes-black.svg, drawn on the fly. Only the file name is read,
// so it works mounted under any prefix, with or without http.StripPrefix.
func Images() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		svg, ok := drawImage(path.Base(r.URL.Path))
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "image/svg+xml")
		// A name always draws the same picture, so browsers and proxies may
		// keep it for good; this spares the server during catalogue browsing.
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("Content-Length", strconv.Itoa(len(svg)))
		// The picture has no scripts or outside references; say so to
		// browsers in case someone opens it directly.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write([]byte(svg))
	})
}

// drawImage renders the picture for a file name, reporting false for names
// of no known kind and colour.
func drawImage(name string) (string, bool) {
	base, ok := strings.CutSuffix(name, ".svg")
	if !ok {
		return "", false
	}
	// Colours and kinds both contain dashes (off-white, t-shirts), so try
	// every colour as the suffix rather than splitting at a dash.
	for color, fill := range colors {
		kind, ok := strings.CutSuffix(base, "-"+color)
		if !ok {
			continue
		}
		shape, ok := shapes[kind]
		if !ok {
			continue
		}
		return render(shape, kind, color, fill), true
	}
	return "", false
}

func render(shape, kind, color, fill string) string {
	stroke := shade(fill, 0.62)
	detail := "#ffffff"
	if luminance(fill) > 0.55 {
		detail = "#3a3d42"
	}
	body := strings.NewReplacer("{F}", fill, "{S}", stroke, "{D}", detail).Replace(shape)
	title := strings.ReplaceAll(kind, "-", " ") + ", " + color
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="%s">
<title>%s</title>
<rect width="400" height="400" rx="24" fill="#f4f1ec"/>
%s
</svg>
`, title, title, body)
}

func rgb(hex string) (r, g, b float64) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)
}

// shade darkens a colour by factor f (0–1), for outlines that match the fill.
func shade(hex string, f float64) string {
	r, g, b := rgb(hex)
	return fmt.Sprintf("#%02x%02x%02x", int(r*f), int(g*f), int(b*f))
}

// luminance is the perceived brightness of a colour, 0 (black) to 1 (white).
func luminance(hex string) float64 {
	r, g, b := rgb(hex)
	return (0.299*r + 0.587*g + 0.114*b) / 255
}
