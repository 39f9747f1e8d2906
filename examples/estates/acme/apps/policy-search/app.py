"""policy-search: answers questions about a customer's insurance policy.

Retrieval-augmented generation: policy documents are embedded with an OpenAI embedding model,
stored in a Qdrant collection, and the top passages are sent with the question to Claude.
"""
import os

from anthropic import Anthropic
from fastapi import FastAPI
from openai import OpenAI
from qdrant_client import QdrantClient

EMBEDDING_MODEL = "text-embedding-3-small"
ANSWER_MODEL = "claude-3-5-sonnet-20241022"
COLLECTION = "policy-documents"

app = FastAPI(title="policy-search")
openai_client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
claude = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])
qdrant = QdrantClient(url="https://qdrant.acme.internal:6333", api_key=os.environ.get("QDRANT_API_KEY"))

SYSTEM_PROMPT = (
    "You answer questions about the customer's own insurance policy. "
    "Use only the passages given. If the answer is not in them, say so."
)


def embed(text: str) -> list[float]:
    return openai_client.embeddings.create(model=EMBEDDING_MODEL, input=text).data[0].embedding


@app.get("/ask")
def ask(question: str, policy_id: str) -> dict:
    hits = qdrant.search(
        collection_name=COLLECTION,
        query_vector=embed(question),
        query_filter={"must": [{"key": "policy_id", "match": {"value": policy_id}}]},
        limit=5,
    )
    passages = "\n\n".join(h.payload["text"] for h in hits)
    reply = claude.messages.create(
        model=ANSWER_MODEL,
        max_tokens=800,
        system=SYSTEM_PROMPT,
        messages=[{"role": "user", "content": f"{passages}\n\nQuestion: {question}"}],
    )
    return {"answer": reply.content[0].text, "sources": [h.id for h in hits]}
