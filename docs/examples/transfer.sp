# Transfer learning as courses write it (docs/composition.md): a keras.applications network
# without its top, frozen, under a new head. The stdlib block takes Keras's include_top,
# pooling and classifier_activation; trainable=False on the call freezes all of it, as
# `base_model.trainable = False` does in Keras.

use stdlib.mobilenet
use stdlib.resnet

# The TensorFlow tutorial: MobileNetV2 at 160 x 160, average pooling, one logit.
model tutorial(H=160, W=160):
    Input(shape=(H, W, 3))
    MobileNetV2(include_top=False, pooling="avg", trainable=False)
    Dropout(0.2)
    Dense(1)

# ResNet50's feature map (no pooling) under a head of its own, for `classes` classes.
model resnet_head(H=224, W=224, classes=5):
    Input(shape=(H, W, 3))
    ResNet50(include_top=False, trainable=False)
    GlobalAveragePooling2D()
    Dense(256, activation="relu")
    Dense(classes, activation="softmax")
