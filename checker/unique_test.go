package checker

import (
	"math/rand"
	"slices"
	"testing"
)

func TestSortByHash(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	random := func(n int, hashes uint32) []keyRef {
		keys := make([]keyRef, n)
		for i := range keys {
			keys[i] = keyRef{hash: 0x2a000000 | rng.Uint32()%hashes, line: int32(i)}
		}
		return keys
	}
	for _, tc := range []struct {
		name string
		keys []keyRef
	}{
		{"none", nil},
		{"one", []keyRef{{hash: 7, line: 1}}},
		{"reversed", []keyRef{{hash: 3, line: 1}, {hash: 2, line: 2}, {hash: 1, line: 3}}},
		{"equal hashes keep their order", []keyRef{{hash: 5, line: 3}, {hash: 5, line: 1}, {hash: 4, line: 9}, {hash: 5, line: 2}}},
		{"every byte differs", []keyRef{{hash: 0xff0000, line: 1}, {hash: 0x00ff00, line: 2}, {hash: 0x0000ff, line: 3}, {hash: 0x010101, line: 4}}},
		{"many, few hashes", random(10_000, 50)},
		{"many, all hashes", random(10_000, 1<<24)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.Clone(tc.keys)
			slices.SortStableFunc(want, func(x, y keyRef) int { return int(int64(x.hash) - int64(y.hash)) })
			got := slices.Clone(tc.keys)
			sortByHash(got, make([]keyRef, len(got)))
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got[:min(len(got), 8)], want[:min(len(want), 8)])
			}
		})
	}
}

func TestCollisions(t *testing.T) {
	u := &uniqueRule{}
	u.merge([]keyRef{
		{hash: 0x01000005, line: 2}, {hash: 0x01000006, line: 3}, {hash: 0x01000005, line: 4},
		{hash: 0xff000001, line: 5}, {hash: 0xff000001, line: 6, table: 1}, {hash: 0xff000001, line: 7},
		{hash: 0x02000005, line: 8}, // same low bytes as line 2, another bucket
	})
	got := u.collisions()
	slices.SortFunc(got, func(x, y keyRef) int { return int(x.line - y.line) })
	want := []keyRef{{hash: 0x01000005, line: 2}, {hash: 0x01000005, line: 4},
		{hash: 0xff000001, line: 5}, {hash: 0xff000001, line: 6, table: 1}, {hash: 0xff000001, line: 7}}
	if !slices.Equal(got, want) {
		t.Errorf("collisions %v, want %v", got, want)
	}
}
