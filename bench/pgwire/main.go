// Command pgwire counts what clients ask of PostgreSQL (issue #17): it sits
// between the server and PostgreSQL, passes every byte through unchanged,
// and counts the messages of the frontend protocol the clients send. Each
// Sync ('S') or simple Query ('Q') is one round trip: the client waits for
// the answer before it goes on. GET /counts on -stats answers the counts
// since start as JSON; a load test reads them before and after.
//
//	pgwire -listen 127.0.0.1:54399 -upstream 127.0.0.1:54329 -stats 127.0.0.1:54398 &
//	shopkeeper serve --db 'postgres://postgres@127.0.0.1:54399/db?sslmode=disable'
//	curl -s http://127.0.0.1:54398/counts
package main

import (
	"encoding/binary"
	"encoding/json"
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
)

var (
	mu     sync.Mutex
	counts = map[string]int64{}
)

func main() {
	listen := flag.String("listen", "127.0.0.1:54399", "address clients connect to")
	upstream := flag.String("upstream", "127.0.0.1:54329", "PostgreSQL's address")
	stats := flag.String("stats", "127.0.0.1:54398", "address of GET /counts")
	flag.Parse()
	http.HandleFunc("/counts", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		json.NewEncoder(w).Encode(counts)
	})
	go func() { log.Fatal(http.ListenAndServe(*stats, nil)) }()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go proxy(c, *upstream)
	}
}

func proxy(client net.Conn, upstream string) {
	defer client.Close()
	server, err := net.Dial("tcp", upstream)
	if err != nil {
		log.Print(err)
		return
	}
	defer server.Close()
	go func() {
		io.Copy(client, server)
		client.Close()
	}()
	count(io.TeeReader(client, server))
}

// count reads the frontend messages: the start-up message has no type
// byte, every later one is a type byte and a length that counts itself.
func count(r io.Reader) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:4]); err != nil {
		return
	}
	if _, err := io.CopyN(io.Discard, r, int64(binary.BigEndian.Uint32(head[:4]))-4); err != nil {
		return
	}
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return
		}
		if _, err := io.CopyN(io.Discard, r, int64(binary.BigEndian.Uint32(head[1:]))-4); err != nil {
			return
		}
		mu.Lock()
		counts[string(head[:1])]++
		mu.Unlock()
	}
}
