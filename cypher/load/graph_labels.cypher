// name: graph_labels
// mode: read
// params:
// returns: one row per set of labels nodes carry: labels, nodes (how many), most first
// purpose: What the database holds (the load lock's node aside), so a bulk load, which only fills an empty
//   database, can name what is there when it refuses.
MATCH (n)
WHERE NOT n:LoadLock
RETURN labels(n) AS labels, count(*) AS nodes
ORDER BY nodes DESC
