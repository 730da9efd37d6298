package httpapi

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/address"
)

// Longest value, in characters, of a string field of any JSON body, by the
// field's JSON name. A body's size limit alone would let one field hold
// tens of kilobytes that then travel into orders, PDFs, agents' screens and
// the NLU; these say what each kind of field can reasonably need.
var fieldMax = map[string]int{
	"name": 200, "email": 254, "phone": 40,
	"line1": 200, "line2": 200, "postal_code": 20, "city": 100, "country": 60,
	"code": 64, "coupon": 64, "sku": 100, "exchange_sku": 100, "order_number": 40,
	"locale": 35, "lang": 35, "payload": 512, "password": 1024,
	"slug": 100, "title": 300, "answer": 2000, "body": 20000, "keywords": 100, "aliases": 100,
	"text": maxMessageRunes, "note": 2000, "reason": 1000,
	"carrier": 100, "tracking_number": 100,
}

// defaultFieldMax caps any string field not named above.
const defaultFieldMax = 1000

// maxListItems caps the entries of any list or map in a body, so a body
// within its byte limit cannot carry a flood of tiny entries either. The
// largest legitimate list is a store's stock update (stores.MaxStockLines).
const maxListItems = 10000

// checkLengths walks a decoded body and reports the first string longer
// than its field's maximum (400 field_too_long, naming the field) or list
// longer than maxListItems. A chat message is left to its own Validate,
// which words its limits its own way (413 message_too_long).
func checkLengths(v any) error {
	if _, ok := v.(*MessageRequest); ok {
		return nil
	}
	return walkLengths(reflect.ValueOf(v), "", "")
}

func walkLengths(v reflect.Value, name, path string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return walkLengths(v.Elem(), name, path)
	case reflect.String:
		max := defaultFieldMax
		if m, ok := fieldMax[name]; ok {
			max = m
		}
		if utf8.RuneCountInString(v.String()) > max {
			return errorf(http.StatusBadRequest, "field_too_long", "%s may have at most %d characters", fieldName(path), max)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == "-" {
				continue
			}
			if tag == "" {
				tag = strings.ToLower(f.Name)
			}
			p := tag
			if f.Anonymous {
				tag, p = name, path // embedded: its fields are the outer object's
			} else if path != "" {
				p = path + "." + tag
			}
			if err := walkLengths(v.Field(i), tag, p); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil // raw JSON or bytes: checked where it is read
		}
		if v.Len() > maxListItems {
			return errorf(http.StatusBadRequest, "too_many_items", "%s may have at most %d entries", fieldName(path), maxListItems)
		}
		for i := 0; i < v.Len(); i++ {
			if err := walkLengths(v.Index(i), name, path); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.Len() > maxListItems {
			return errorf(http.StatusBadRequest, "too_many_items", "%s may have at most %d entries", fieldName(path), maxListItems)
		}
		it := v.MapRange()
		for it.Next() {
			if k := it.Key(); k.Kind() == reflect.String && utf8.RuneCountInString(k.String()) > 100 {
				return errorf(http.StatusBadRequest, "field_too_long", "the keys of %s may have at most 100 characters", fieldName(path))
			}
			if err := walkLengths(it.Value(), name, path); err != nil {
				return err
			}
		}
	}
	return nil
}

func fieldName(path string) string {
	if path == "" {
		return "the body"
	}
	return "field " + path
}

// maxAddressBytes bounds the structured address of a chat message: its
// fields' maxima with room for the JSON around them.
const maxAddressBytes = 2048

// checkAddress validates a chat message's structured address: one object
// of the address fields, each within its maximum, rewritten in its
// canonical form so nothing else rides along into the conversation.
func checkAddress(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) > maxAddressBytes {
		return nil, errorf(http.StatusRequestEntityTooLarge, "message_too_long", "an address may have at most %d bytes", maxAddressBytes)
	}
	var a address.Address
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil || strings.TrimSpace(string(raw)) == "null" {
		return nil, errorf(http.StatusBadRequest, "invalid_address", `address must be {"name", "line1", "line2"?, "postal_code", "city", "country"} with text values`)
	}
	if err := walkLengths(reflect.ValueOf(a), "", "address"); err != nil {
		return nil, err
	}
	if a == (address.Address{}) {
		return nil, errorf(http.StatusBadRequest, "empty_message", "the address is empty")
	}
	out, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	return out, nil
}
