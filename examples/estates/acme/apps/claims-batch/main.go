// claims-batch summarises the day's new insurance claims for the adjusters. It runs nightly and
// calls the model through the company's LiteLLM gateway, never the provider directly.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	openai "github.com/sashabaranov/go-openai"
)

const gatewayURL = "https://llm-gateway.acme.internal/v1"
const model = "azure/gpt-4o-mini"

type Claim struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Diagnosis   string `json:"diagnosis"`
}

func main() {
	cfg := openai.DefaultConfig(os.Getenv("LITELLM_VIRTUAL_KEY"))
	cfg.BaseURL = gatewayURL
	client := openai.NewClientWithConfig(cfg)

	var claims []Claim
	if err := json.NewDecoder(os.Stdin).Decode(&claims); err != nil {
		fmt.Fprintln(os.Stderr, "cannot read claims:", err)
		os.Exit(1)
	}
	for _, c := range claims {
		resp, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{
			Model: model,
			Messages: []openai.ChatCompletionMessage{
				{Role: openai.ChatMessageRoleSystem, Content: "Summarise the claim for an adjuster in three sentences."},
				{Role: openai.ChatMessageRoleUser, Content: c.Description + "\nDiagnosis: " + c.Diagnosis},
			},
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, c.ID, err)
			continue
		}
		fmt.Printf("%s\t%s\n", c.ID, resp.Choices[0].Message.Content)
	}
}
