"""A team over time and teams side by side: `comparison` (two assessments), `history` (one
team's labels, in the order `storage.team_assessments` decides), `rollup` (the latest of every team) and `sparkline` (levels as ▁▂▃ and arrows)."""
