# VGG16 and VGG19 (Simonyan and Zisserman 2014) as keras.applications builds them (vgg16.py,
# vgg19.py, weights=None): five blocks of 3x3 'same' convolutions with bias and ReLU, each
# closed by 2x2 max pooling, then Keras's top (Flatten, two Dense(4096, relu), the
# classifier) or, without it, a global pooling or none.
#
#     use stdlib.vgg
#     VGG16()                                # the network after its Input
#     VGG16(include_top=False, pooling="avg", trainable=False)   # a frozen base
#     VGGBlock(128, 2)                       # one block: two convolutions and the pooling
#
# With the top, the first Dense reads floor(H/32) * floor(W/32) * 512 inputs: its count
# depends on the input size; without it no count does.

# One block: `convs` 3x3 convolutions to `filters` channels, then 2x2/2 max pooling.
block VGGBlock(filters, convs):
    Conv2D(filters, (3, 3), activation="relu", padding="same")
    Conv2D(filters, (3, 3), activation="relu", padding="same") * (convs - 1)
    MaxPooling2D((2, 2), strides=(2, 2))

# The five blocks (2, 2, n, n, n convolutions: VGG16 n = 3, VGG19 n = 4), then Keras's top
# (include_top: Flatten, Dense(4096, relu) twice, Dense(classes,
# activation=classifier_activation)), or without it a global pooling ("avg", "max") or none.
block VGG(n=3, include_top=True, pooling=None, classes=1000,
          classifier_activation="softmax"):
    VGGBlock(64, 2)
    VGGBlock(128, 2)
    VGGBlock(256, n)
    VGGBlock(512, n)
    VGGBlock(512, n)
    if include_top:
        Flatten()
        Dense(4096, activation="relu")
        Dense(4096, activation="relu")
        Dense(classes, activation=classifier_activation)
    elif pooling == "avg":
        GlobalAveragePooling2D()
    elif pooling == "max":
        GlobalMaxPooling2D()

# keras.applications.VGG16 after its Input, with Keras's arguments (weights=None).
block VGG16(include_top=True, pooling=None, classes=1000, classifier_activation="softmax"):
    VGG(3, include_top, pooling, classes, classifier_activation)

# keras.applications.VGG19 after its Input.
block VGG19(include_top=True, pooling=None, classes=1000, classifier_activation="softmax"):
    VGG(4, include_top, pooling, classes, classifier_activation)
