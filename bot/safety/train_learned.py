"""Train the crisis detector's learned tier from the labelled corpus: `python -m bot.safety.train_learned`.

Reads data/safety/learned_tier.yml (training files and settings), fits one TF-IDF block per
feature kind and a multinomial logistic regression (scikit-learn, fixed seed), and writes the
vocabulary, idf and weights as JSON to models/crisis-learned-tier.json. The same inputs give
the same file, byte for byte (tests/safety/test_learned_tier.py checks).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.safety.learned import ANALYZERS, LEVELS, MODEL_PATH, PROJECT_ROOT, words_of
from bot.safety.rules import DATA_DIR, read_yaml

SETTINGS = DATA_DIR / "learned_tier.yml"
DIGITS = 6  # weights are rounded, so the file is the same on every machine


def training_rows(settings: dict) -> list[dict]:
    rows = []
    for name in settings["training"]:
        path = PROJECT_ROOT / name
        if not path.is_file():
            raise SystemExit(f"training file {name} is missing")
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows += everyday_requests(settings.get("everyday_requests"))
    return [row for row in rows if row.get("text") and row.get("level") in ("none", "concern", "crisis")]


def everyday_requests(spec: dict | None) -> list[dict]:
    """The intents' training examples (data/nlu), each as a `none` text of its own category."""
    if not spec:
        return []
    rows = []
    for path in sorted((PROJECT_ROOT / spec["folder"]).glob("*.yml")):
        for block in read_yaml(path).get("nlu", []):
            if "intent" not in block or block["intent"] in spec["except_intents"]:
                continue
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    rows.append({"text": text, "level": "none", "category": "harbor_request"})
    return rows


def fit(rows: list[dict], model: dict) -> dict:
    """The model as the JSON `LearnedTier.load` reads."""
    return export(*fit_estimators(rows, model), len(rows))


def fit_estimators(rows: list[dict], model: dict):
    """scikit-learn's vectorizers (one per feature block) and classifier, fitted."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    documents = [words_of(row["text"]) for row in rows]
    labels = [[str(level) for level in LEVELS].index(row["level"]) for row in rows]
    vectorizers = {name: TfidfVectorizer(analyzer=analyzer, sublinear_tf=True,
                                         min_df=model["min_document_frequency"],
                                         max_features=model["max_features_per_block"])
                   for name, analyzer in ANALYZERS.items()}
    for vectorizer in vectorizers.values():
        vectorizer.fit(documents)
    classifier = LogisticRegression(C=model["regularisation"], class_weight="balanced", max_iter=5000,
                                    random_state=model["seed"])
    classifier.fit(features(vectorizers, documents), labels)
    return vectorizers, classifier


def features(vectorizers: dict, documents: list[list[str]]):
    from scipy.sparse import hstack

    return hstack([vectorizer.transform(documents) for vectorizer in vectorizers.values()]).tocsr()


def export(vectorizers: dict, classifier, trained_on: int) -> dict:
    blocks, offset = {}, 0
    for name, vectorizer in vectorizers.items():
        vocabulary = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
        blocks[name] = {
            "idf": {feature: round(float(vectorizer.idf_[index]), DIGITS) for feature, index in vocabulary},
            "weights": {feature: [round(float(w), DIGITS) for w in classifier.coef_[:, offset + index]]
                        for feature, index in vocabulary},
        }
        offset += len(vocabulary)
    return {"trained_on": trained_on, "blocks": blocks,
            "intercept": [round(float(b), DIGITS) for b in classifier.intercept_]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    settings = read_yaml(SETTINGS)
    rows = training_rows(settings)
    model = fit(rows, settings["model"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    features = sum(len(block["idf"]) for block in model["blocks"].values())
    print(f"learned tier: {len(rows)} texts, {features} features -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
