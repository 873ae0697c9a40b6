"""Command palette providers: what the palette offers on each screen."""
