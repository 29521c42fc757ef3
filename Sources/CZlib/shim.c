// Intentionally empty: CZlib is a header-only shim over the system zlib.
