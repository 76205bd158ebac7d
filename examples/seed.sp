# The three models of the exam-review notebook ("期末复习：网络参数的计算方法"),
# written once with symbols. The numbers after '=' are the notebook's values.
# Keras reports 23,893 / 176,025 / 320,736 parameters.

# 1. 全连接网络: Flatten(input_shape=(28,28)), Dense 30 -> 10 -> 3
model mlp(h=28, w=28, u=30, v=10, n=3):
    Flatten(input_shape = (h, w))
    Dense(u, activation = 'relu')
    Dense(v, activation = 'relu')
    Dense(n, activation = 'softmax')

# 2. CNN: 99 filters of 7 x 7 on a 55 x 55 grey image, 2 x 2 max pooling
model cnn(H=55, W=55, C=1, f=99, k=7, n=3):
    Input(shape=(H, W, C))
    Conv2D(f, k, k, activation="relu")
    MaxPool2D(pool_size=(2, 2))
    Flatten()
    Dense(n, activation="softmax")

# 3. RNN: the notebook builds SimpleRNN(15) (720 parameters), though its notes explain
#    30 units (1,890). Here h is the number of units: --set h=30 gives the notes' numbers.
model rnn(V=10000, E=32, T=600, h=15):
    Embedding(input_dim = V,    # 词汇表大小
              output_dim = E,   # 词向量维度
              input_length = T  # 输入序列的长度（pad_sequense之后）
             )
    SimpleRNN(h, activation = 'tanh', return_sequences=True)
    Dense(1, activation='sigmoid')
