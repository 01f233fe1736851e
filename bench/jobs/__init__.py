"""One module per job; each exposes `run(ctx) -> Result` and is listed in bench.registry."""
