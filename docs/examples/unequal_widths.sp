# docs/composition.md: widths d and e are not provably equal, so Add refuses them, even
# though the header gives both the value 4 (uncomment the assume line to merge them).
model m(d=4, e=4):
    # assume d == e
    x = Input(shape=(d,))
    y = Input(shape=(e,))
    Add()(x, y)
