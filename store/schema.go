package store

// The count file's layout: every bucket and meta key is declared here, so
// that what the file holds can be read in one place.
//
//	meta      schema_version  uint64, big-endian: the layout's version
//	          created         RFC 3339 time of creation
//	          head            the hash of the last journal event (32 bytes)
//	          events          how many events the journal holds (uint64)
//	journal   seq (uint64, big-endian, from 1) → prev hash (32 bytes) || payload
//	people    name → what checks the person's PIN ("argon2id:T:M:SALT:HASH");
//	          outside the journal and never exported (store/pin.go)
//
// The journal is append-only and hash-chained: each event carries the
// SHA-256 of the one before, and an event's own hash is the SHA-256 of its
// stored bytes (prev hash and payload). Current totals are not stored: they
// are replayed from the journal, so they can never disagree with it.
var (
	bucketMeta    = []byte("meta")
	bucketJournal = []byte("journal")
	bucketPeople  = []byte("people")

	keySchema  = []byte("schema_version")
	keyCreated = []byte("created")
	keyHead    = []byte("head")
	keyEvents  = []byte("events")
)

// SchemaVersion is the layout this program writes. A file with a higher
// version was written by a newer program and is refused, never rewritten.
//
//	1  the first layout
//	2  any event may end with the program that wrote it (the first event
//	   of each sitting does)
//	3  the creating event ends with the rules of who may do what; the
//	   people bucket; events confirmed, refused, sign-in-refused,
//	   role-changed and chief-handed-over
const SchemaVersion = 3

// buckets are every bucket a count file has.
var buckets = [][]byte{bucketMeta, bucketJournal}
