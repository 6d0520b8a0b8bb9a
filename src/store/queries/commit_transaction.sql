-- commit_transaction: commits the open transaction.
-- Parameters: none. Returns: nothing.
COMMIT
