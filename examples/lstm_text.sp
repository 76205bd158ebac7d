# An LSTM text classifier (IMDB-style sentiment): word indices -> embeddings -> a
# bidirectional LSTM over the sequence -> an LSTM summary -> dropout -> one sigmoid.
# With the values below Keras reports 1,366,689 parameters.
model lstm_text(V=20000, E=64, T=200, h=64):
    Input(shape=(T,))
    Embedding(input_dim=V, output_dim=E)
    Bidirectional(LSTM(h, return_sequences=True))
    LSTM(h // 2)
    Dropout(0.5)
    Dense(1, activation="sigmoid")
