"""Harbor: a support companion for adults rebuilding sexual trust after trauma."""
