# %% [markdown]
# # Lab: the adding problem
#
# Train a vanilla RNN, an LSTM and a GRU on the adding problem and watch the vanilla RNN fail as sequences grow.
#
# This lab is being written.
