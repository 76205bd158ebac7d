# ConvNeXt (Liu et al. 2022) as keras.applications builds it (convnext.py, weights=None,
# include_preprocessing=True by default).
#
#     use stdlib.convnext
#     ConvNeXt(3, 3, 9, 3, 96, 192, 384, 768)   # depths, widths: ConvNeXtTiny after its Input
#     ConvNeXt(3, 3, 9, 3, 96, 192, 384, 768, include_top=False, pooling="avg", trainable=False)
#     ConvNeXtBlock(dim, drop=0.0)              # one block

# One ConvNeXtBlock: depthwise 7x7 (a grouped Conv2D, groups=dim, with bias), LayerNorm,
# two pointwise Dense, LayerScale, then StochasticDepth (drop > 0) or a linear Activation
# (Keras's "_identity") and the residual sum (Keras: `inputs + layer(x)`, an op).
block ConvNeXtBlock(dim, drop=0.0, ls=1e-6)(x):
    Conv2D(dim, 7, padding="same", groups=dim)(x)
    LayerNormalization(epsilon=1e-6)
    Dense(4 * dim)
    Activation("gelu")
    Dense(dim)
    if ls is not None:
        LayerScale(ls, dim)
    if drop > 0:
        y = StochasticDepth(drop)
    else:
        y = Activation("linear")
    Add()(x, y)

# One stage of `depth` blocks whose first block is block `start` of `n` in Keras's linear
# stochastic-depth schedule (block k gets rate * k / (n - 1)). Block 0 gets 0.0 (an Activation
# instead of StochasticDepth): the first block of a stage is written apart from the repeat,
# so that its rate is decided (0 when start is 0) without a condition on the repeat index.
block ConvNeXtStage(dim, depth, start, n, rate, ls=1e-6)(x):
    ConvNeXtBlock(dim, rate * start / max(n - 1, 1), ls)(x)
    repeat (depth - 1) as h, j:
        ConvNeXtBlock(dim, rate * (start + 1 + j) / max(n - 1, 1), ls)(h)

# The whole network after its Input: depths d0..d3, widths p0..p3, Keras's linear
# stochastic-depth schedule (block k of N gets rate * k / (N - 1)). Keras's top
# (include_top) is its Head: average pooling, LayerNormalization, Dense(classes,
# activation=classifier_activation). Without it, a global pooling ("avg", "max") or none,
# and then a LayerNormalization in every case: with pooling None it normalises the last
# feature map over its p3 channels (2 * p3 weights either way).
block ConvNeXt(d0, d1, d2, d3, p0, p1, p2, p3, rate=0.0, classes=1000, ls=1e-6,
                pre=True, include_top=True, pooling=None, classifier_activation="softmax")(x):
    n = d0 + d1 + d2 + d3
    if pre:
        Normalization(mean=[0.485 * 255, 0.456 * 255, 0.406 * 255],
                      variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2])(x)
    Conv2D(p0, 4, strides=4)
    LayerNormalization(epsilon=1e-6)
    ConvNeXtStage(p0, d0, 0, n, rate, ls)
    LayerNormalization(epsilon=1e-6)
    Conv2D(p1, 2, strides=2)
    ConvNeXtStage(p1, d1, d0, n, rate, ls)
    LayerNormalization(epsilon=1e-6)
    Conv2D(p2, 2, strides=2)
    ConvNeXtStage(p2, d2, d0 + d1, n, rate, ls)
    LayerNormalization(epsilon=1e-6)
    Conv2D(p3, 2, strides=2)
    ConvNeXtStage(p3, d3, d0 + d1 + d2, n, rate, ls)
    if include_top:
        GlobalAveragePooling2D()
        LayerNormalization(epsilon=1e-6)
        Dense(classes, activation=classifier_activation)
    else:
        if pooling == "avg":
            GlobalAveragePooling2D()
        elif pooling == "max":
            GlobalMaxPooling2D()
        LayerNormalization(epsilon=1e-6)

# keras.applications.ConvNeXtTiny ... XLarge after their Input: Keras's depths and
# widths per size, with Keras's arguments (weights=None).
block ConvNeXtTiny(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                include_preprocessing=True)(x):
    ConvNeXt(3, 3, 9, 3, 96, 192, 384, 768, 0.0, classes, 1e-6,
             include_preprocessing, include_top, pooling, classifier_activation)(x)
block ConvNeXtSmall(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                include_preprocessing=True)(x):
    ConvNeXt(3, 3, 27, 3, 96, 192, 384, 768, 0.0, classes, 1e-6,
             include_preprocessing, include_top, pooling, classifier_activation)(x)
block ConvNeXtBase(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                include_preprocessing=True)(x):
    ConvNeXt(3, 3, 27, 3, 128, 256, 512, 1024, 0.0, classes, 1e-6,
             include_preprocessing, include_top, pooling, classifier_activation)(x)
block ConvNeXtLarge(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                include_preprocessing=True)(x):
    ConvNeXt(3, 3, 27, 3, 192, 384, 768, 1536, 0.0, classes, 1e-6,
             include_preprocessing, include_top, pooling, classifier_activation)(x)
block ConvNeXtXLarge(include_top=True, pooling=None, classes=1000, classifier_activation="softmax",
                include_preprocessing=True)(x):
    ConvNeXt(3, 3, 27, 3, 256, 512, 1024, 2048, 0.0, classes, 1e-6,
             include_preprocessing, include_top, pooling, classifier_activation)(x)
