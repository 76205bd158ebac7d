# VGG16 (Simonyan and Zisserman, 2014): five blocks of 3 x 3 "same" convolutions, each
# closed by 2 x 2 max pooling, then two dense layers of 4096 and the classifier.
# With H = W = 224 and 1000 classes Keras reports 138,357,544 parameters. H and W are
# symbols: the convolutions' parameters do not depend on them, the first Dense does
# (through floor(floor(floor(floor(floor(H/2)/2)/2)/2)/2) = floor(H/32)).
model vgg16(H=224, W=224, C=3, n=1000):
    Input(shape=(H, W, C))
    Conv2D(64, (3, 3), padding="same", activation="relu")
    Conv2D(64, (3, 3), padding="same", activation="relu")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(128, (3, 3), padding="same", activation="relu")
    Conv2D(128, (3, 3), padding="same", activation="relu")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(256, (3, 3), padding="same", activation="relu")
    Conv2D(256, (3, 3), padding="same", activation="relu")
    Conv2D(256, (3, 3), padding="same", activation="relu")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(512, (3, 3), padding="same", activation="relu")
    Conv2D(512, (3, 3), padding="same", activation="relu")
    Conv2D(512, (3, 3), padding="same", activation="relu")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(512, (3, 3), padding="same", activation="relu")
    Conv2D(512, (3, 3), padding="same", activation="relu")
    Conv2D(512, (3, 3), padding="same", activation="relu")
    MaxPooling2D((2, 2), strides=(2, 2))
    Flatten()
    Dense(4096, activation="relu")
    Dense(4096, activation="relu")
    Dense(n, activation="softmax")
