"""Sirve el modelo."""


def principal():
    print("sirviendo")


if __name__ == "__main__":
    principal()
