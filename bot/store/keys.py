"""`python -m bot.store.keys`: print a new data key, for HARBOR_DATA_KEY."""

from cryptography.fernet import Fernet

if __name__ == "__main__":
    print(Fernet.generate_key().decode("ascii"))
