package main

import (
	"context"
	"log/slog"
	"slices"
)

// deferredAttrs is a slog.Handler that keeps the attributes given to Logger.With until a
// record is actually handled. FerretDB's SQL layer calls With with the arguments of every
// statement (whole documents) before each query, and slog's TextHandler formats them at once,
// even when the debug record is then discarded: under load that was a tenth of the server's
// CPU, spent quoting documents nobody logs.
type deferredAttrs struct {
	slog.Handler
	attrs []slog.Attr
}

func (h *deferredAttrs) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &deferredAttrs{Handler: h.Handler, attrs: append(slices.Clip(h.attrs), attrs...)}
}

func (h *deferredAttrs) WithGroup(name string) slog.Handler {
	return &deferredAttrs{Handler: h.resolved().WithGroup(name)}
}

func (h *deferredAttrs) Handle(ctx context.Context, record slog.Record) error {
	return h.resolved().Handle(ctx, record)
}

// resolved is the wrapped handler with the kept attributes applied.
func (h *deferredAttrs) resolved() slog.Handler {
	if len(h.attrs) == 0 {
		return h.Handler
	}
	return h.Handler.WithAttrs(h.attrs)
}
