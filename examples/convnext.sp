# ConvNeXt (Liu et al. 2022) exactly as keras.applications.ConvNeXtTiny and ConvNeXtSmall
# (weights=None) build them: Keras's preprocessing Normalization, the patchify stem, four
# stages of ConvNeXtBlock's (depthwise 7x7, LayerNormalization, two pointwise Dense,
# LayerScale, StochasticDepth on Keras's linear drop-path schedule) and the head. At 224 x 224
# ConvNeXtTiny has 28,589,128 parameters. The block is stdlib.convnext's.
#
#     symparams summary examples/convnext.sp --model convnext_tiny --set H=64 --set W=64
#     symparams summary examples/convnext.sp --model convnext --set d2=27    # ConvNeXtSmall

use stdlib.convnext

model convnext_tiny(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    ConvNeXt(3, 3, 9, 3, 96, 192, 384, 768, 0.0, classes)

model convnext_small(H=224, W=224, classes=1000):
    Input(shape=(H, W, 3))
    ConvNeXt(3, 3, 27, 3, 96, 192, 384, 768, 0.0, classes)

# The depths and widths as symbols: Keras's ConvNeXt(depths, projection_dims) at any of them.
model convnext(H=224, W=224, d0=3, d1=3, d2=9, d3=3, p0=96, p1=192, p2=384, p3=768,
               classes=1000):
    Input(shape=(H, W, 3))
    ConvNeXt(d0, d1, d2, d3, p0, p1, p2, p3, 0.0, classes)

# drop_path_rate=0.1: every block but the first has a StochasticDepth (no weights).
model convnext_drop_path(H=224, W=224, d0=3, d1=3, d2=9, d3=3, p0=96, p1=192, p2=384,
                         p3=768, classes=1000):
    Input(shape=(H, W, 3))
    ConvNeXt(d0, d1, d2, d3, p0, p1, p2, p3, 0.1, classes)

# layer_scale_init_value=None (no LayerScale) and include_preprocessing=False.
model convnext_plain(H=224, W=224, d0=3, d1=3, d2=9, d3=3, p0=96, p1=192, p2=384, p3=768,
                     classes=1000):
    Input(shape=(H, W, 3))
    ConvNeXt(d0, d1, d2, d3, p0, p1, p2, p3, 0.0, classes, None, False)
