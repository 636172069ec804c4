// name: transaction_memory
// mode: read
// params:
// returns: one row per setting: name, value (a size such as 2.10GiB; 0B means unlimited)
// purpose: The memory Neo4j gives all transactions together and each one, so the loader sizes its
//   transactions to fit.
SHOW SETTINGS YIELD name, value
WHERE name IN ['dbms.memory.transaction.total.max', 'db.memory.transaction.max']
RETURN name, value
