# LeNet-5 (LeCun et al., 1998) as usually written in Keras: 32 x 32 grey images,
# two 5 x 5 convolutions with 2 x 2 average pooling, then 120 -> 84 -> 10.
# Keras reports 61,706 parameters (all trainable).
model lenet5(H=32, W=32, C=1, n=10):
    Input(shape=(H, W, C))
    Conv2D(6, (5, 5), activation="tanh")
    AveragePooling2D(pool_size=(2, 2))
    Conv2D(16, (5, 5), activation="tanh")
    AveragePooling2D(pool_size=(2, 2))
    Flatten()
    Dense(120, activation="tanh")
    Dense(84, activation="tanh")
    Dense(n, activation="softmax")
