"""The pure decision: models, identifiers, amounts, the ways to pay and their route table,
controls and the Danish notes. Imports only the standard library and python-stdnum: no browser,
no HTTP, no Excel."""
