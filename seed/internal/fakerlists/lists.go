package main

import (
	"fmt"

	"github.com/go-faker/faker/v4"
)

// The faker variables that hold each list. Faker's providers pick from
// these: FirstName from firstNames, LastName from lastNames, Word from
// wordList, GetRealAddress and GetCountryInfo from the data embedded in the
// last two.
const (
	firstNamesVar = "firstNames"
	lastNamesVar  = "lastNames"
	wordsVar      = "wordList"
	addressesVar  = "addressesUSBytes"
	countriesVar  = "countriesBytes"
)

// address is a real US address; package seed keeps these four fields of
// faker's RealAddress.
type address struct {
	Street, City, State, Zip string
}

// lists are faker's lists, in faker's order, repeats included.
type lists struct {
	FirstNames, LastNames, Words, Countries []string
	Addresses                               []address
}

// readLists reads faker's lists from the faker package in dir.
func readLists(dir string) (*lists, error) {
	src, err := parsePackage(dir)
	if err != nil {
		return nil, err
	}
	l := &lists{}
	for _, v := range []struct {
		name string
		list *[]string
	}{
		{firstNamesVar, &l.FirstNames},
		{lastNamesVar, &l.LastNames},
		{wordsVar, &l.Words},
	} {
		if *v.list, err = src.strings(v.name); err != nil {
			return nil, err
		}
	}

	var addrs struct {
		Addresses []faker.RealAddress `json:"addresses"`
	}
	if err := src.embedded(addressesVar, &addrs); err != nil {
		return nil, err
	}
	for _, a := range addrs.Addresses {
		// An address without a street or a city would make an empty value.
		if a.Address != "" && a.City != "" {
			l.Addresses = append(l.Addresses, address{a.Address, a.City, a.State, a.PostalCode})
		}
	}
	if len(l.Addresses) == 0 {
		return nil, fmt.Errorf("var %s: %w", addressesVar, errEmptyList)
	}

	var countries struct {
		Countries []faker.CountryInfo `json:"countries"`
	}
	if err := src.embedded(countriesVar, &countries); err != nil {
		return nil, err
	}
	for _, c := range countries.Countries {
		if c.Name != "" {
			l.Countries = append(l.Countries, c.Name)
		}
	}
	if len(l.Countries) == 0 {
		return nil, fmt.Errorf("var %s: %w", countriesVar, errEmptyList)
	}
	return l, nil
}
