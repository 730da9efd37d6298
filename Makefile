# The usual tasks. `make demo` and `make test` are the README's two commands.
.PHONY: build test bench lint demo fuzz clean

build:
	go build -o bin/shopkeeper ./cmd/shopkeeper

demo:
	go run ./cmd/shopkeeper serve --demo

test:
	bash scripts/test.sh

bench:
	go test -run '^$$' -bench . -benchmem ./internal/...

lint:
	gofmt -l cmd internal web
	go vet ./...

fuzz:
	bash scripts/fuzz.sh

clean:
	rm -rf bin .fuzz shopkeeper.db shopkeeper.db-wal shopkeeper.db-shm
