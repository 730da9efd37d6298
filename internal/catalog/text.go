package catalog

// PlainText is a product description without its HTML, for matching words.
func PlainText(html string) string { return stripHTML(html) }
