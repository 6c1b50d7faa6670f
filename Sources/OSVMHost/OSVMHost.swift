// Glue: binds Chain and the real world to OVSM hosts.
