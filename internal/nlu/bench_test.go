package nlu

import "testing"

func BenchmarkTrain(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{DefaultLanguage: "en"}); err != nil {
			b.Fatal(err)
		}
	}
}
