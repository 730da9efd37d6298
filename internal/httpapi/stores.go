package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/stores"
)

// Stores is the store locator as the admin API uses it.
type Stores interface {
	List(ctx context.Context) ([]stores.Store, error)
	Create(ctx context.Context, st stores.Store) (stores.Store, error)
	Update(ctx context.Context, st stores.Store) (stores.Store, error)
	SetStock(ctx context.Context, id string, lines []stores.StockLine) error
}

// maxStockBody fits the largest stock update (stores.MaxStockLines lines).
const maxStockBody = 1 << 20

func (s *Server) adminStores(w http.ResponseWriter, r *http.Request) {
	ss, err := s.Stores.List(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	if ss == nil {
		ss = []stores.Store{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"stores": ss})
}

func (s *Server) adminCreateStore(w http.ResponseWriter, r *http.Request) {
	var st stores.Store
	if err := decodeJSON(w, r, &st, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	st, err := s.Stores.Create(r.Context(), st)
	if err != nil {
		writeError(w, r, storeError(err))
		return
	}
	writeJSON(w, http.StatusCreated, st)
}

// adminPutStore replaces an existing store; an id in the body must be the
// address's.
func (s *Server) adminPutStore(w http.ResponseWriter, r *http.Request) {
	var st stores.Store
	if err := decodeJSON(w, r, &st, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if st.ID != "" && st.ID != id {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "id: the body names %q but the address %q", st.ID, id))
		return
	}
	st.ID = id
	st, err := s.Stores.Update(r.Context(), st)
	if err != nil {
		writeError(w, r, storeError(err))
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// adminPutStoreStock sets quantities per SKU in one store: a JSON list of
// {"sku", "quantity"}; SKUs not listed keep theirs.
func (s *Server) adminPutStoreStock(w http.ResponseWriter, r *http.Request) {
	var lines []stores.StockLine
	if err := decodeJSON(w, r, &lines, maxStockBody); err != nil {
		writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := s.Stores.SetStock(r.Context(), id, lines); err != nil {
		writeError(w, r, storeError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"store": id, "updated": len(lines)})
}

func storeError(err error) error {
	var ve *stores.ValidationError
	switch {
	case errors.As(err, &ve):
		return errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", ve.Error())
	case errors.Is(err, stores.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "no store with that id")
	case errors.Is(err, stores.ErrExists):
		return errorf(http.StatusConflict, "store_exists", "a store with that id exists; change it with PUT /api/v1/admin/stores/{id}")
	}
	return err
}
