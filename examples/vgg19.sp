# VGG19 (Simonyan and Zisserman, 2014) exactly as keras.applications.VGG19(weights=None)
# builds it: five blocks of 3 x 3 "same" convolutions (2, 2, 4, 4, 4 of them), each closed
# by 2 x 2 max pooling, then two dense layers of 4096 and the classifier. With H = W = 224
# and 1000 classes Keras reports 143,667,240 parameters; H and W reach the count only
# through the first Dense (floor(H/32) * floor(W/32) * 512 inputs).
#
#     symparams summary examples/vgg19.sp --set H=64 --set W=96
#     symparams summary examples/vgg19.sp --set classes=10

model vgg19(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    Conv2D(64, (3, 3), activation="relu", padding="same")
    Conv2D(64, (3, 3), activation="relu", padding="same")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(128, (3, 3), activation="relu", padding="same")
    Conv2D(128, (3, 3), activation="relu", padding="same")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(256, (3, 3), activation="relu", padding="same")
    Conv2D(256, (3, 3), activation="relu", padding="same")
    Conv2D(256, (3, 3), activation="relu", padding="same")
    Conv2D(256, (3, 3), activation="relu", padding="same")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(512, (3, 3), activation="relu", padding="same")
    Conv2D(512, (3, 3), activation="relu", padding="same")
    Conv2D(512, (3, 3), activation="relu", padding="same")
    Conv2D(512, (3, 3), activation="relu", padding="same")
    MaxPooling2D((2, 2), strides=(2, 2))
    Conv2D(512, (3, 3), activation="relu", padding="same")
    Conv2D(512, (3, 3), activation="relu", padding="same")
    Conv2D(512, (3, 3), activation="relu", padding="same")
    Conv2D(512, (3, 3), activation="relu", padding="same")
    MaxPooling2D((2, 2), strides=(2, 2))
    Flatten()
    Dense(4096, activation="relu")
    Dense(4096, activation="relu")
    Dense(classes, activation="softmax")
