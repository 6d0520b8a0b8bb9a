-- rollback_transaction: abandons the open transaction.
-- Parameters: none. Returns: nothing.
ROLLBACK
