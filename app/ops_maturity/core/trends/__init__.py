"""A team over time and teams side by side: `comparison` (two assessments), `history` (one
team's labels), `rollup` (the latest of every team) and `sparkline` (levels as ▁▂▃ and arrows)."""
