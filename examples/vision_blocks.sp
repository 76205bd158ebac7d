# Vision blocks from the standard library: GoogLeNet's inception (3a) module on a 28x28x192
# feature map (256 channels out), followed by squeeze-and-excitation.

use stdlib.inception
use stdlib.squeeze_excite

model inception3a(H=28, W=28, C=192):
    Input(shape=(H, W, C))
    Inception(64, 96, 128, 16, 32, 32)
    SqueezeExcite(16)
