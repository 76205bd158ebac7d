# Transfer learning, as docs/commands/summary.md shows it: a frozen feature extractor and a
# trainable head. The head's width u has no example value: every value that does not need
# it is still computed.
model finetune(H=32, C=3, f=64, u):
    Input(shape=(H, H, C))
    Conv2D(f, 3, 3, trainable=False)
    BatchNormalization()
    GlobalAveragePooling2D()
    Dense(u, activation="relu")
    Dense(10)
