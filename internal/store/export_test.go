package store

// CachesProducts reports whether the product cache holds id now (tests only).
func (db *DB) CachesProducts(id int64) bool {
	found, _ := db.cache.cachedProducts([]int64{id})
	_, ok := found[id]
	return ok
}
