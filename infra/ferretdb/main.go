// Command ferretdb runs an embedded FerretDB v1 (SQLite backend) for local
// development and CI. We wrap the embeddable package because a plain
// `go install` of FerretDB's own cmd panics on a missing build/version file.
//
// Flags:
//
//	-listen   TCP address (default 127.0.0.1:27017)
//	-data     SQLite data directory (created if missing)
//	-log-level debug|info|warn|error (default info)
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP listen address")
	data := flag.String("data", "data", "SQLite data directory")
	level := flag.String("log-level", "info", "log level")
	flag.Parse()

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		lvl = slog.LevelInfo
	}
	logger := slog.New(&deferredAttrs{Handler: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl})})

	dir, err := filepath.Abs(*data)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		logger.Error("data dir", "err", err)
		os.Exit(1)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/", // FerretDB requires a trailing slash (directory URI)
	})
	if err != nil {
		logger.Error("init", "err", err)
		os.Exit(1)
	}

	// Stop cleanly on SIGTERM/SIGINT so SQLite files are closed properly.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	if err := f.Run(ctx); err != nil {
		logger.Error("run", "err", err)
		os.Exit(1)
	}
}
