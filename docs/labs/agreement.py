# %% [markdown]
# # Lab: subject–verb agreement
#
# Train an RNN and an LSTM to predict a verb's number across attractor nouns.
#
# This lab is being written.
