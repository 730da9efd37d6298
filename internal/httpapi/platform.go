package httpapi

import (
	"context"
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/platform"
)

// PlatformStatuses lists the sync status of each configured commerce
// platform.
type PlatformStatuses interface {
	PlatformStatuses(ctx context.Context) ([]platform.Status, error)
}

// AdminPlatforms answers GET /api/v1/admin/platforms (admin key): each
// platform's last sync, last error, counts and queue lengths.
func (s *Server) AdminPlatforms(src PlatformStatuses) http.Handler {
	return s.admin(func(w http.ResponseWriter, r *http.Request) {
		sts, err := src.PlatformStatuses(r.Context())
		if err != nil {
			writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"platforms": sts})
	})
}
