// The Temporal CLI (github.com/temporalio/cli, the version go.mod pins) as Renderowl's embedded
// stack runs it: `temporal server start-dev`, the real server with SQLite and the Web UI.
//
// The one change: the Go SDK names each worker's binary by a checksum, and without one set it
// computes the MD5 of its whole executable the first time a worker is created. The server's own
// workers (the task queue and history scanners, the scheduler, the batcher) are created at every
// start, so every start read and hashed the CLI's 250 MB executable: about 0.3 s of CPU, half of
// what the dev server spends in its first second, while the command that started it builds its
// own context on the same cores. Here the checksum is a hash of the build's module list (each
// dependency's version and sum, from the binary's build information): it still changes whenever
// the build does, and costs microseconds.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"runtime/debug"

	"github.com/temporalio/cli/temporalcli"
	"go.temporal.io/sdk/worker"

	// As the CLI's own main: the SQLite driver's pinned version, and the time zone database as a
	// fallback when the platform has none.
	_ "modernc.org/sqlite"
	_ "time/tzdata"
)

func main() {
	worker.SetBinaryChecksum(buildChecksum())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	temporalcli.Execute(ctx, temporalcli.CommandOptions{})
}

// buildChecksum identifies this build by its module list rather than by its bytes.
func buildChecksum() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "renderowl-temporal-dev-server"
	}
	sum := sha256.Sum256([]byte(info.String()))
	return "renderowl-" + hex.EncodeToString(sum[:8])
}
