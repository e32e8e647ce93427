"""Pure QMI protocol layer: framing, message catalog, codec. No I/O here."""
