"""Learning from what people posted: the history read from the ERP, the text model behind
posting suggestions, plan proposals and the backtest."""
