package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/order"
)

// loadShipmentEvents fills in the carrier scans of the orders' shipments.
func (db *DB) loadShipmentEvents(ctx context.Context, q queryer, os []order.Order) error {
	type ref struct{ o, s int }
	idx := map[int64]ref{}
	var args []any
	var marks []string
	for i := range os {
		for j := range os[i].Shipments {
			idx[os[i].Shipments[j].ID] = ref{i, j}
			args = append(args, os[i].Shipments[j].ID)
			marks = append(marks, "$"+strconv.Itoa(len(args)))
		}
	}
	if len(args) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT shipment_id, event_id, status, location, occurred_at FROM shipment_events
WHERE shipment_id IN (`+strings.Join(marks, ",")+`) ORDER BY shipment_id, occurred_at, id`, args...)
	if err != nil {
		return fmt.Errorf("query shipment events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var e order.TrackingEvent
		if err := rows.Scan(&id, &e.ID, &e.Status, &e.Location, &e.At); err != nil {
			return err
		}
		e.At = e.At.UTC()
		r := idx[id]
		sh := &os[r.o].Shipments[r.s]
		sh.Events = append(sh.Events, e)
	}
	return rows.Err()
}

// PollShipment has the tracking job ask the shipment's carrier for news.
func (db *DB) PollShipment(ctx context.Context, shipmentID int64, country string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE shipments SET polling = TRUE, country = $1 WHERE id = $2`, country, shipmentID)
		return err
	})
}

const polledColumns = `s.id, o.number, s.carrier, s.tracking_number, s.country, s.created_at,
  (SELECT COUNT(*) FROM shipment_events e WHERE e.shipment_id = s.id)`

func scanPolled(sc interface{ Scan(...any) error }) (order.PolledShipment, error) {
	var p order.PolledShipment
	err := sc.Scan(&p.ID, &p.OrderNumber, &p.Carrier, &p.TrackingNumber, &p.Country, &p.ShippedAt, &p.Stored)
	p.ShippedAt = p.ShippedAt.UTC()
	return p, err
}

// PolledShipments lists parcels on their way whose carrier we ask for news.
func (db *DB) PolledShipments(ctx context.Context, limit int) ([]order.PolledShipment, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+polledColumns+` FROM shipments s JOIN orders o ON o.id = s.order_id
WHERE s.polling = TRUE ORDER BY s.id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("query polled shipments: %w", err)
	}
	defer rows.Close()
	var out []order.PolledShipment
	for rows.Next() {
		p, err := scanPolled(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ShipmentByTracking finds the newest shipment with a tracking number.
func (db *DB) ShipmentByTracking(ctx context.Context, trackingNumber string) (order.PolledShipment, error) {
	p, err := scanPolled(db.write.QueryRowContext(ctx, `SELECT `+polledColumns+` FROM shipments s JOIN orders o ON o.id = s.order_id
WHERE s.tracking_number = $1 ORDER BY s.id DESC LIMIT 1`, trackingNumber))
	if errors.Is(err, sql.ErrNoRows) {
		return p, order.ErrNotFound
	}
	return p, err
}

// AddTrackingEvents stores the scans not stored before (by event id) and
// reports how many were new.
func (db *DB) AddTrackingEvents(ctx context.Context, shipmentID int64, evs []order.TrackingEvent) (int, error) {
	added := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		added = 0
		t := now()
		for _, e := range evs {
			res, err := tx.ExecContext(ctx, `INSERT INTO shipment_events (shipment_id, event_id, status, location, occurred_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (shipment_id, event_id) DO NOTHING`, shipmentID, e.ID, e.Status, e.Location, e.At.UTC(), t)
			if err != nil {
				return fmt.Errorf("insert shipment event: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				added++
			}
		}
		return nil
	})
	return added, err
}

// FinishShipment stops polling a delivered shipment and says so on it.
func (db *DB) FinishShipment(ctx context.Context, shipmentID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE shipments SET polling = FALSE, status = $1 WHERE id = $2`, order.FulfillmentDelivered, shipmentID)
		return err
	})
}
