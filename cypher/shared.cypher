// name: shared
// mode: read
// params:
//   a: str  id of one entity
//   b: str  id of the other
//   as_of: int  only ties that held in this year (null: all)
// returns: one row per entity both are tied to: id, shared (name), kind, a_facts and b_facts (each fact
//   between it and that end: type, forward (the end is the subject), year_from, year_to)
// purpose: What A and B have in common: organisations, treaties, projects, events, third states, laws,
//   places and regions that both have facts with (background facts, such as membership of the state
//   system, left out), each side's ties with their years.
MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
MATCH (a)-[ra:{{types tie}}]-(x)
WHERE NOT x:Dyad AND x <> b AND {{tie ra}} AND ({{held ra}})
WITH a, b, x, collect(ra) AS with_a
MATCH (x)-[rb:{{types tie}}]-(b)
WHERE {{tie rb}} AND ({{held rb}})
WITH a, x, with_a, collect(rb) AS with_b
RETURN x.id AS id, x.name AS shared, x.kind AS kind,
       [r IN with_a | {type: type(r), forward: startNode(r) = a, year_from: r.year_from, year_to: r.year_to}] AS a_facts,
       [r IN with_b | {type: type(r), forward: startNode(r) <> x, year_from: r.year_from, year_to: r.year_to}] AS b_facts
ORDER BY kind, shared
