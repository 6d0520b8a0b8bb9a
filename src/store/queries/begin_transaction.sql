-- begin_transaction: opens a transaction on the store's connection.
-- Parameters: none. Returns: nothing.
BEGIN TRANSACTION
