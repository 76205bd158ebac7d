# The RNN of the exam-review notebook (examples/seed.sp), with the counts its notes explain
# written as checks: the notes describe 30 units, the code builds SimpleRNN(15).
model rnn(V=10000, E=32, T=600, h=15):
    Embedding(input_dim = V, output_dim = E, input_length = T)
    SimpleRNN(h, activation = 'tanh', return_sequences=True)
    Dense(1, activation='sigmoid')
    check simple_rnn.params == 1890, dense.params == 31
    check embedding.params == 320000, params <= 400000
