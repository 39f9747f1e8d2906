module github.com/acme/claims-batch

go 1.22

require github.com/sashabaranov/go-openai v1.36.0
